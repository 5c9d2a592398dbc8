package com.carto.connections.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;

/** One row as a JSON object keyed by column name, as the JSON and newline-delimited JSON writers write it. */
final class RowObjects {
    private RowObjects() {}

    /** The column names pre-encoded once per result, rather than escaped again for every row. */
    static SerializedString[] names(List<Column> columns) {
        return columns.stream()
                .map(column -> new SerializedString(column.name()))
                .toArray(SerializedString[]::new);
    }

    static void write(
            JsonGenerator generator,
            ResultValues values,
            QueryResult result,
            List<Column> columns,
            SerializedString[] names)
            throws IOException {
        write(generator, values, result, columns, names, -1);
    }

    /** The row as an object, leaving out the column at {@code skippedIndex} (GeoJSON's geometry), if any. */
    static void write(
            JsonGenerator generator,
            ResultValues values,
            QueryResult result,
            List<Column> columns,
            SerializedString[] names,
            int skippedIndex)
            throws IOException {
        generator.writeStartObject();
        for (int index = 0; index < names.length; index++) {
            if (index == skippedIndex) {
                continue;
            }
            generator.writeFieldName(names[index]);
            values.writeColumn(result, index, columns.get(index).type());
        }
        generator.writeEndObject();
    }
}
