package com.carto.connections.spi.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current row as its normalized Java value. */
@FunctionalInterface
interface ColumnReader {
    Object read(ResultSet resultSet, int index) throws SQLException;
}
