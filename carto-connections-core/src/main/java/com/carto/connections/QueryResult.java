package com.carto.connections;

import java.util.ArrayList;
import java.util.List;

/**
 * A streaming query result: a cursor over rows that are read from the warehouse as they are needed, so memory
 * stays constant whatever the row count. Not thread-safe; close it (try-with-resources) to return its
 * connection, which also cancels a statement still running.
 *
 * <p>Values are normalized: their Java class follows each column's {@link ColumnType}; SQL NULL is {@code null}.
 * A failure while reading (the warehouse went away, a limit was reached) is a {@link ConnectionException}.
 */
public interface QueryResult extends AutoCloseable {
    List<Column> columns();

    /** Moves to the next row; false when there is none. */
    boolean next();

    /** The current row's value in the column at a zero-based index. */
    Object value(int columnIndex);

    /** Rows read so far. */
    long rowCount();

    /** A copy of the current row's values. */
    default List<Object> values() {
        int count = columns().size();
        List<Object> values = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            values.add(value(index));
        }
        return values;
    }

    /** The current row's value in the first column with that name. */
    default Object value(String columnName) {
        List<Column> columns = columns();
        for (int index = 0; index < columns.size(); index++) {
            if (columns.get(index).name().equals(columnName)) {
                return value(index);
            }
        }
        throw new IllegalArgumentException("no column named " + columnName + " in " + columns);
    }

    @Override
    void close();
}
