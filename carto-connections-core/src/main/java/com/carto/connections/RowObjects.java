package com.carto.connections;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** One row as a JSON object keyed by column name, as the JSON and newline-delimited JSON writers write it. */
final class RowObjects {
    private RowObjects() {}

    static void write(JsonGenerator generator, ResultValues values, QueryResult result, List<Column> columns)
            throws IOException {
        generator.writeStartObject();
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            generator.writeFieldName(column.name());
            if (column.type() == ColumnType.JSON) {
                values.writeJson(result.value(index));
            } else {
                values.write(result.value(index));
            }
        }
        generator.writeEndObject();
    }
}
