package com.carto.connections.query;

import com.carto.connections.error.ConnectionException;
import java.util.List;

/** A query result over rows held in memory, failing with a given exception after its rows when one is set. */
final class ListQueryResult implements QueryResult {
    private final List<Column> columns;
    private final List<List<Object>> rows;
    private final ConnectionException failureAfterRows;
    private int index = -1;

    ListQueryResult(List<Column> columns, List<List<Object>> rows, ConnectionException failureAfterRows) {
        this.columns = columns;
        this.rows = rows;
        this.failureAfterRows = failureAfterRows;
    }

    ListQueryResult(List<Column> columns, List<List<Object>> rows) {
        this(columns, rows, null);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (index + 1 >= rows.size()) {
            if (failureAfterRows != null) {
                throw failureAfterRows;
            }
            return false;
        }
        index++;
        return true;
    }

    @Override
    public Object value(int columnIndex) {
        return rows.get(index).get(columnIndex);
    }

    @Override
    public long rowCount() {
        return index + 1;
    }

    @Override
    public void close() {}
}
