package com.carto.connections.redshift;

import com.carto.connections.ColumnType;
import com.carto.connections.ErrorCategory;
import com.carto.connections.spi.jdbc.JdbcDialect;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon Redshift: double-quoted identifiers, {@code LIMIT}, CTAS, GEOMETRY and GEOGRAPHY fetched as binary EWKB,
 * SQLSTATE-based error categories.
 */
final class RedshiftDialect implements JdbcDialect {
    static final RedshiftDialect INSTANCE = new RedshiftDialect();

    private RedshiftDialect() {}

    /**
     * The category of a SQLSTATE: the server's (PostgreSQL's codes; Redshift reports a wrong password as 28000 where
     * PostgreSQL says 28P01) and the driver's own 08xxx and 99999. Exact codes first, then the two-character class.
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
                // The driver: the server refused TLS, or the peer does not speak the protocol (or asked for SCRAM,
                // which this driver cannot do).
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

    /**
     * The names the driver gives Redshift's own types: it maps the fixed oids 3000 and 3001 to {@code geometry} and
     * {@code geography} (whose JDBC type code, LONGVARBINARY, would otherwise make them bytes) and 4000 to
     * {@code super}.
     */
    @Override
    public Optional<ColumnType> columnType(String nativeTypeName) {
        switch (nativeTypeName) {
            case "geometry", "geography":
                return Optional.of(ColumnType.GEOMETRY);
            case "super":
                return Optional.of(ColumnType.JSON);
            case "timestamptz":
                return Optional.of(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
            case "varbyte":
                return Optional.of(ColumnType.BYTES);
            default:
                return Optional.empty();
        }
    }

    /**
     * Reads geometry as {@code ST_AsEWKB}, VARBYTE on Redshift, whose hex text the driver decodes in
     * {@code getBytes}. It never relies on the driver's own GEOMETRY value classes. ST_AsEWKB takes GEOMETRY only,
     * so GEOGRAPHY is cast first; the cast keeps the coordinates and the SRID.
     */
    @Override
    public Optional<String> geometryAsEwkb(String quotedColumn, String nativeTypeName) {
        String geometry = nativeTypeName.equals("geography") ? quotedColumn + "::geometry" : quotedColumn;
        return Optional.of("ST_AsEWKB(" + geometry + ")");
    }

    /** Every Redshift has spatial functions; this one exists on Redshift and PostGIS alike. */
    @Override
    public Optional<String> spatialProbe() {
        return Optional.of("select ST_AsEWKB(ST_GeomFromText('POINT(0 0)', 4326))");
    }

    @Override
    public String spatialHint() {
        return "the cluster must run a Redshift release with spatial functions (the GEOMETRY type)";
    }

    @Override
    public String limit(String sql, long rows) {
        // Redshift documents LIMIT, not the ANSI FETCH FIRST of the default.
        return "select * from (" + sql + ") as limited_query limit " + rows;
    }

    @Override
    public Map<String, String> connectTimeoutProperties(Duration deadline) {
        String seconds = Long.toString(Math.max(1, (deadline.toMillis() + 999) / 1000));
        return Map.of("connectTimeout", seconds, "loginTimeout", seconds);
    }
}
