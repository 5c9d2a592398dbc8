package com.carto.connections.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log event at DEBUG and above while open, with its formatted message, MDC and throwable. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previousLevel = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every captured line: message, MDC and the whole throwable chain, one string per event. */
    public List<String> lines() {
        // Logback appends under the appender's own lock (AppenderBase.doAppend is synchronized), not the list's: copy
        // under that lock, or a line logged by another thread meanwhile breaks the copy.
        synchronized (appender) {
            return appender.list.stream().map(LogCapture::render).collect(Collectors.toList());
        }
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName())
                .append(' ')
                .append(event.getFormattedMessage())
                .append(' ')
                .append(event.getMDCPropertyMap());
        for (var throwable = event.getThrowableProxy(); throwable != null; throwable = throwable.getCause()) {
            line.append(" | ").append(throwable.getClassName()).append(": ").append(throwable.getMessage());
        }
        return line.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(previousLevel);
        appender.stop();
    }
}
