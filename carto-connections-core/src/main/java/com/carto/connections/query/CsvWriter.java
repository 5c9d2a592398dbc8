package com.carto.connections.query;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a result as RFC 4180 CSV in UTF-8: a header of column names, CRLF line ends, a field quoted (with inner
 * quotes doubled) when it holds a comma, quote, CR or LF. SQL NULL is an empty field and the empty string is
 * {@code ""}, so the two stay apart. Geometry is WKT, bytes base64, arrays, structs and JSON their JSON text; other
 * values are spelled as in the JSON writers.
 */
final class CsvWriter {
    private final Writer out;

    private CsvWriter(Writer out) {
        this.out = out;
    }

    static void write(QueryResult result, OutputStream target) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 16 * 1024);
        new CsvWriter(writer).rows(result);
        writer.flush();
    }

    private void rows(QueryResult result) throws IOException {
        List<Column> columns = result.columns();
        for (int index = 0; index < columns.size(); index++) {
            separator(index);
            field(columns.get(index).name());
        }
        out.write("\r\n");
        OutputFlushes flushes = new OutputFlushes(out);
        // Every field of a row is spelled before any is written, so a row that fails is not written at all.
        String[] fields = new String[columns.size()];
        while (result.next()) {
            for (int index = 0; index < columns.size(); index++) {
                Object value = result.value(index);
                try {
                    fields[index] = value == null
                            ? null
                            : columns.get(index).type() == ColumnType.JSON ? value.toString() : text(value);
                } catch (UnwritableValue e) {
                    throw ValueFailures.unwritable(columns.get(index), result.rowCount(), "CSV", e);
                }
            }
            for (int index = 0; index < columns.size(); index++) {
                separator(index);
                if (fields[index] != null) {
                    field(fields[index]);
                }
            }
            out.write("\r\n");
            flushes.afterRow();
        }
    }

    private void separator(int index) throws IOException {
        if (index > 0) {
            out.write(',');
        }
    }

    private static String text(Object value) throws IOException {
        String text = ResultValues.text(value);
        if (text != null) {
            return text;
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = ResultValues.JSON.createGenerator(json)) {
            new ResultValues(generator).write(value);
        }
        return json.toString();
    }

    private void field(String text) throws IOException {
        if (text.isEmpty()) {
            out.write("\"\"");
            return;
        }
        boolean quote = false;
        for (int index = 0; index < text.length() && !quote; index++) {
            char character = text.charAt(index);
            quote = character == ',' || character == '"' || character == '\r' || character == '\n';
        }
        if (!quote) {
            out.write(text);
            return;
        }
        out.write('"');
        out.write(text.replace("\"", "\"\""));
        out.write('"');
    }
}
