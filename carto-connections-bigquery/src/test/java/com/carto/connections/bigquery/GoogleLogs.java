package com.carto.connections.bigquery;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What Google's client libraries log through java.util.logging while it is open, for canary tests: SLF4J captures
 * (core's LogCapture) do not see it.
 */
final class GoogleLogs implements AutoCloseable {
    private final Logger google = Logger.getLogger("com.google");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private GoogleLogs() {}

    static GoogleLogs start() {
        GoogleLogs logs = new GoogleLogs();
        logs.google.addHandler(logs.handler);
        return logs;
    }

    /** Every record as a log would print it: message, parameters and the whole trace of its throwable. */
    List<String> lines() {
        return records.stream()
                .map(record -> record.getMessage() + " " + Arrays.toString(record.getParameters()) + " "
                        + trace(record.getThrown()))
                .toList();
    }

    private static String trace(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    @Override
    public void close() {
        google.removeHandler(handler);
    }
}
