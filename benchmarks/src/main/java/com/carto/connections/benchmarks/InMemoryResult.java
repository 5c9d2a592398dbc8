package com.carto.connections.benchmarks;

import com.carto.connections.query.Column;
import com.carto.connections.query.QueryResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A result over rows in memory, so the JMH benchmarks measure the writers alone. */
final class InMemoryResult implements QueryResult {
    private final List<Column> columns;
    private final List<List<Object>> rows;
    private int index = -1;

    InMemoryResult(List<Column> columns, List<List<Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        return ++index < rows.size();
    }

    @Override
    public @Nullable Object value(int columnIndex) {
        return rows.get(index).get(columnIndex);
    }

    @Override
    public long rowCount() {
        return Math.min(index + 1, rows.size());
    }

    @Override
    public void close() {}
}
