package com.carto.connections.postgres;

import com.carto.connections.query.ColumnType;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.jdbc.JdbcDialect;
import com.carto.connections.spi.jdbc.PostgresFamilySqlStates;
import org.postgresql.PGConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** PostgreSQL 12+ with PostGIS: double-quoted identifiers, EWKB geometry, SQLSTATE-based error categories. */
final class PostgresDialect implements JdbcDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {}

    /** The category of a PostgreSQL SQLSTATE: PostgreSQL is the reference of the family's shared table. */
    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        return PostgresFamilySqlStates.categorize(sqlState);
    }

    @Override
    public Optional<ColumnType> columnType(String nativeTypeName) {
        switch (nativeTypeName) {
            case "geometry", "geography", "\"public\".\"geometry\"", "\"public\".\"geography\"":
                return Optional.of(ColumnType.GEOMETRY);
            case "timestamptz":
                return Optional.of(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
            case "json", "jsonb":
                return Optional.of(ColumnType.JSON);
            default:
                return Optional.empty();
        }
    }

    @Override
    public Optional<String> geometryAsEwkb(String quotedColumn, String nativeTypeName) {
        // Binary EWKB keeps the SRID and moves as bytea in pgjdbc's binary protocol: no text or hex decoding.
        String geometry = nativeTypeName.contains("geography") ? quotedColumn + "::geometry" : quotedColumn;
        return Optional.of("ST_AsEWKB(" + geometry + ")");
    }

    @Override
    public Optional<String> spatialProbe() {
        return Optional.of("select postgis_lib_version()");
    }

    @Override
    public String spatialHint() {
        return "run CREATE EXTENSION postgis in the database (PostGIS must be installed on the server)";
    }

    @Override
    public String limit(String sql, long rows) {
        return "select * from (" + sql + ") as limited_query limit " + rows;
    }

    /**
     * pgjdbc ignores {@code Statement.cancel()} once executeQuery has returned, while a streaming result is still
     * fetching; the connection's cancel request stops whatever the backend runs.
     */
    @Override
    public void cancel(Connection connection, Statement statement) throws SQLException {
        connection.unwrap(PGConnection.class).cancelQuery();
    }

    @Override
    public Map<String, String> connectTimeoutProperties(Duration deadline) {
        String seconds = Integer.toString(JdbcDialect.wholeSeconds(deadline));
        return Map.of("connectTimeout", seconds, "loginTimeout", seconds);
    }
}
