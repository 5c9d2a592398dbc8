package com.carto.connections.spi.jdbc;

import com.carto.connections.query.ColumnType;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a JDBC provider adds to its {@link Dialect}: how its driver's errors map to categories, how its native
 * types map to normalized ones, how geometry is fetched as binary, and which driver properties bound a check.
 * Stateless and thread-safe.
 */
public interface JdbcDialect extends Dialect {
    /**
     * The category of a driver error, from its SQLSTATE and vendor code. One function per provider, tested with a
     * table: this is where a provider's error knowledge lives.
     */
    ErrorCategory categorize(String sqlState, int vendorCode);

    /**
     * The normalized type of a native type name as the driver reports it ({@code ResultSetMetaData.getColumnTypeName}
     * or {@code information_schema}), when the dialect knows better than the JDBC type code.
     */
    default Optional<ColumnType> columnType(String nativeTypeName) {
        return Optional.empty();
    }

    /**
     * An expression that turns a geometry column into extended WKB bytes, e.g. {@code ST_AsEWKB(x)}; empty when the
     * warehouse has no spatial type the SDK reads through SQL.
     */
    default Optional<String> geometryAsEwkb(String quotedColumn, String nativeTypeName) {
        return Optional.empty();
    }

    /**
     * Wraps a user's query so that the geometry columns come back as binary, keeping every column's position and
     * name. The default renames columns positionally with a derived column list, which PostgreSQL-family
     * warehouses accept.
     *
     * @param expressions for each column, the expression to select, written against columns named {@code c1…cN}
     */
    default String selectFrom(String sql, List<String> expressions) {
        StringBuilder select = new StringBuilder("select ");
        StringBuilder names = new StringBuilder();
        for (int index = 0; index < expressions.size(); index++) {
            if (index > 0) {
                select.append(", ");
                names.append(", ");
            }
            select.append(expressions.get(index)).append(" as ").append(quoteIdentifier("c" + (index + 1)));
            names.append(quoteIdentifier("c" + (index + 1)));
        }
        return select.append(" from (").append(sql).append(") as user_query (").append(names).append(')').toString();
    }

    /** A query that succeeds only when spatial support is installed, e.g. {@code select postgis_version()}. */
    default Optional<String> spatialProbe() {
        return Optional.empty();
    }

    /** What to tell a user whose warehouse lacks spatial support. */
    default String spatialHint() {
        return "install the warehouse's spatial extension";
    }

    /**
     * Driver properties that bound opening a connection (TCP, TLS, login) to {@code deadline}. They must not
     * bound reading: a long query is limited by its statement timeout, which cancels on the server.
     */
    default Map<String, String> connectTimeoutProperties(Duration deadline) {
        return Map.of();
    }

    /** A duration as the whole seconds JDBC timeouts take: rounded up, at least 1. */
    static int wholeSeconds(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000;
        return (int) Math.min(Math.max(seconds, 1), Integer.MAX_VALUE);
    }

    /**
     * Cancels what runs on the connection's session on the warehouse. The default cancels the statement, which some
     * drivers ignore once the statement's execute call has returned, while later rows are still being fetched (pgjdbc
     * does); such a provider cancels the session's current query instead. Called from another thread than the one
     * reading.
     */
    default void cancel(Connection connection, Statement statement) throws SQLException {
        statement.cancel();
    }

    /** Rows fetched per round trip while streaming. */
    default int fetchSize() {
        return 10_000;
    }
}
