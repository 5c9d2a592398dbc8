package com.carto.connections.databricks.fake;

import java.sql.ResultSet;
import java.sql.Types;
import org.h2.tools.SimpleResultSet;

/** Databricks's {@code range(start, end)} table function (end excluded, one BIGINT column {@code id}) for H2. */
public final class FakeRange {
    private FakeRange() {}

    public static ResultSet range(long start, long end) {
        SimpleResultSet rows = new SimpleResultSet();
        rows.addColumn("id", Types.BIGINT, 19, 0);
        for (long value = start; value < end; value++) {
            rows.addRow(value);
        }
        return rows;
    }
}
