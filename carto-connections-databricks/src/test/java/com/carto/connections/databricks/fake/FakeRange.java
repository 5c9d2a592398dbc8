package com.carto.connections.databricks.fake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.h2.tools.SimpleResultSet;
import org.h2.tools.SimpleRowSource;
import org.jspecify.annotations.Nullable;

/**
 * Databricks's {@code range(start, end)} table function (end excluded, one BIGINT column {@code id}) for H2. Its rows
 * are made as H2 reads them, and a cancelled statement (the fake interrupts the thread running it) stops at the next
 * row: a busy {@code count(*)} over a huge range ends when the service is told to cancel it, and only then.
 */
public final class FakeRange {
    private FakeRange() {}

    public static ResultSet range(long start, long end) {
        SimpleResultSet rows = new SimpleResultSet(new Rows(start, end));
        rows.addColumn("id", Types.BIGINT, 19, 0);
        return rows;
    }

    private static final class Rows implements SimpleRowSource {
        private final long start;
        private final long end;
        private long next;

        Rows(long start, long end) {
            this.start = start;
            this.end = end;
            this.next = start;
        }

        @Override
        public Object @Nullable [] readRow() throws SQLException {
            if (Thread.currentThread().isInterrupted()) {
                throw new SQLException("the statement was cancelled", "57014");
            }
            return next < end ? new Object[] {next++} : null;
        }

        @Override
        public void close() {}

        @Override
        public void reset() {
            next = start;
        }
    }
}
