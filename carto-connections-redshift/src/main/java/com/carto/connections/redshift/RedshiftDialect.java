package com.carto.connections.redshift;

import com.amazon.redshift.RedshiftConnection;
import com.carto.connections.query.ColumnType;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.jdbc.JdbcDialect;
import com.carto.connections.spi.jdbc.PostgresFamilySqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
     * The category of a SQLSTATE: Redshift reports PostgreSQL's codes (a wrong password as 28000 where PostgreSQL
     * says 28P01, both in the shared table) and its driver the same 08xxx codes.
     */
    /**
     * The Redshift driver, a pgjdbc fork, ignores {@code Statement.cancel()} once executeQuery has returned and a
     * streaming result is still fetching (RedshiftQueryCancelTest hangs without this); the connection's cancel request
     * stops whatever the session runs.
     */
    @Override
    public void cancel(Connection connection, Statement statement) throws SQLException {
        connection.unwrap(RedshiftConnection.class).cancelQuery();
    }

    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        return PostgresFamilySqlStates.categorize(sqlState);
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
        String seconds = Integer.toString(JdbcDialect.wholeSeconds(deadline));
        return Map.of("connectTimeout", seconds, "loginTimeout", seconds);
    }
}
