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
            try {
                values.writeColumn(result, index, columns.get(index).type());
            } catch (RuntimeException e) {
                // Only reading a number can still fail here (check read every other value): close the row with
                // null for it, so the writer can end the document well-formed and say why it was cut.
                generator.writeNull();
                generator.writeEndObject();
                throw e;
            }
        }
        generator.writeEndObject();
    }

    /**
     * Reads every value of the current row but the unboxed numbers and fails with a typed {@code UNSUPPORTED} error
     * naming the column when one has no form in the format, before any of the row is written: a row is written
     * whole, and a failing one leaves the document between rows, where it can be closed.
     */
    static void check(QueryResult result, List<Column> columns, String format) {
        for (int index = 0; index < columns.size(); index++) {
            Column column = columns.get(index);
            if (column.type() == ColumnType.INTEGER || column.type() == ColumnType.FLOAT) {
                continue;
            }
            try {
                ResultValues.check(result.value(index));
            } catch (UnwritableValue e) {
                throw ValueFailures.unwritable(column, result.rowCount(), format, e);
            }
        }
    }
}
