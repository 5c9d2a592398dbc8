package com.carto.connections.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes a result as newline-delimited JSON: one object per row, each followed by {@code \n}; no header. */
final class NdjsonWriter {
    private NdjsonWriter() {}

    static void write(QueryResult result, OutputStream out) throws IOException {
        List<Column> columns = result.columns();
        try (JsonGenerator generator = ResultValues.generator(out)) {
            // Rows are separated by the newline written after each, not by Jackson's default space.
            generator.setRootValueSeparator(null);
            ResultValues values = new ResultValues(generator);
            SerializedString[] names = RowObjects.names(columns);
            OutputFlushes flushes = new OutputFlushes(generator);
            while (result.next()) {
                RowObjects.check(result, columns, "JSON");
                RowObjects.write(generator, values, result, columns, names);
                generator.writeRaw('\n');
                flushes.afterRow();
            }
            generator.flush();
        }
    }
}
