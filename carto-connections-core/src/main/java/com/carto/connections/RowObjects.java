package com.carto.connections;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;

/** One row as a JSON object keyed by column name, as the JSON and newline-delimited JSON writers write it. */
final class RowObjects {
    private RowObjects() {}

    /** The column names pre-encoded once per result, rather than escaped again for every row. */
    static SerializedString[] names(List<Column> columns) {
        return columns.stream().map(column -> new SerializedString(column.name())).toArray(SerializedString[]::new);
    }

    static void write(JsonGenerator generator, ResultValues values, QueryResult result, List<Column> columns,
            SerializedString[] names) throws IOException {
        generator.writeStartObject();
        for (int index = 0; index < names.length; index++) {
            generator.writeFieldName(names[index]);
            if (columns.get(index).type() == ColumnType.JSON) {
                values.writeJson(result.value(index));
            } else {
                values.write(result.value(index));
            }
        }
        generator.writeEndObject();
    }
}
