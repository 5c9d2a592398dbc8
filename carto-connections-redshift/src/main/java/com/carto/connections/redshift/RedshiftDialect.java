package com.carto.connections.redshift;

import com.amazon.redshift.RedshiftConnection;
import com.carto.connections.query.ColumnType;
import com.carto.connections.spi.jdbc.PostgresFamilyDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Amazon Redshift: the PostgreSQL family's dialect (Redshift reports PostgreSQL's SQLSTATEs, a wrong password as 28000
 * where PostgreSQL says 28P01, and its driver the same 08xxx codes), plus the type names the driver gives Redshift's
 * own types, a spatial probe that runs on Redshift and on the PostGIS stand-in alike, and the driver's cancel request.
 */
final class RedshiftDialect extends PostgresFamilyDialect {
    static final RedshiftDialect INSTANCE = new RedshiftDialect();

    /**
     * The driver maps the fixed oids 3000 and 3001 to {@code geometry} and {@code geography} (whose JDBC type code,
     * LONGVARBINARY, would otherwise make them bytes; the family reads them as EWKB, which the driver decodes from
     * VARBYTE hex in {@code getBytes}, never through its own GEOMETRY value classes) and 4000 to {@code super}.
     */
    private RedshiftDialect() {
        super(
                Map.of("super", ColumnType.JSON, "varbyte", ColumnType.BYTES),
                "select ST_AsEWKB(ST_GeomFromText('POINT(0 0)', 4326))",
                "the cluster must run a Redshift release with spatial functions (the GEOMETRY type)");
    }

    /**
     * The Redshift driver, a pgjdbc fork, ignores {@code Statement.cancel()} once a streaming result is fetching
     * (RedshiftQueryCancelTest hangs without this).
     */
    @Override
    public void cancel(Connection connection, Statement statement) throws SQLException {
        connection.unwrap(RedshiftConnection.class).cancelQuery();
    }
}
