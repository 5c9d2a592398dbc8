package com.carto.connections.postgres;

import com.carto.connections.ColumnType;
import com.carto.connections.ErrorCategory;
import com.carto.connections.spi.jdbc.JdbcDialect;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** PostgreSQL 12+ with PostGIS: double-quoted identifiers, EWKB geometry, SQLSTATE-based error categories. */
final class PostgresDialect implements JdbcDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {}

    /**
     * The category of a PostgreSQL SQLSTATE (server codes, and pgjdbc's own 08xxx codes for network failures).
     * Exact codes first, then the two-character class.
     */
    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        switch (sqlState) {
            case "28P01", "28000":
                return ErrorCategory.AUTHENTICATION;
            case "3D000", "3F000", "42P01", "42703", "42883", "42704":
                return ErrorCategory.NOT_FOUND;
            case "42501", "25006":
                return ErrorCategory.PERMISSION_DENIED;
            case "57014":
                return ErrorCategory.TIMEOUT;
            case "57P01", "57P02", "57P03", "40001", "40P01", "55P03":
                return ErrorCategory.UNAVAILABLE;
            case "08004", "08P01":
                // pgjdbc: the server refused the requested TLS mode, or the peer is not speaking PostgreSQL.
                return ErrorCategory.INVALID_CONFIGURATION;
            case "42P07", "42P06", "42710":
                return ErrorCategory.CONFLICT;
            case "0A000":
                return ErrorCategory.UNSUPPORTED;
            default:
                break;
        }
        String sqlClass = sqlState.length() >= 2 ? sqlState.substring(0, 2) : "";
        switch (sqlClass) {
            case "08", "53", "58":
                return ErrorCategory.UNAVAILABLE;
            case "22", "42", "2B", "34", "26", "0L", "0P":
                return ErrorCategory.INVALID_CONFIGURATION;
            case "23":
                return ErrorCategory.CONFLICT;
            case "54":
                return ErrorCategory.LIMIT_EXCEEDED;
            default:
                return ErrorCategory.INTERNAL;
        }
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

    @Override
    public Map<String, String> connectTimeoutProperties(Duration deadline) {
        String seconds = Long.toString(Math.max(1, (deadline.toMillis() + 999) / 1000));
        return Map.of("connectTimeout", seconds, "loginTimeout", seconds);
    }
}
