package com.carto.connections.redshift;

import com.amazon.redshift.RedshiftConnection;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.TileQuery;
import com.carto.connections.spi.jdbc.CatalogViews;
import com.carto.connections.spi.jdbc.PostgresFamilyDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Amazon Redshift: the PostgreSQL family's dialect (Redshift reports PostgreSQL's SQLSTATEs, a wrong password as 28000
 * where PostgreSQL says 28P01, and its driver the same 08xxx codes), plus the type names the driver gives Redshift's
 * own types, a spatial probe that runs on Redshift and on the PostGIS stand-in alike, and the driver's cancel request.
 */
final class RedshiftDialect extends PostgresFamilyDialect {
    static final RedshiftDialect INSTANCE = new RedshiftDialect();

    /**
     * Redshift's own catalog views: unlike its {@code information_schema}, they list external (Spectrum) schemas and
     * tables, datashares and late-binding views. Unqualified, they resolve to {@code pg_catalog}, which Redshift
     * searches first; their {@code data_type} names every type, Redshift's {@code geometry} and {@code super}
     * included.
     */
    private static final CatalogViews SVV_ALL = new CatalogViews(
            "svv_all_schemas",
            "database_name",
            "svv_all_tables",
            "svv_all_columns",
            "database_name",
            "schema_name",
            Optional.empty());

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
     * Redshift kept PostgreSQL 8.0's strings: a backslash escapes in every string literal (its QUOTE_LITERAL doubles
     * backslashes for that reason), so {@code 'it\'s :x'} is one literal. Dollar quotes and nested comments as
     * PostgreSQL.
     */
    private static final LexicalRules LEXICAL_RULES = LexicalRules.of(
            LexicalRules.Feature.BACKSLASH_ESCAPES,
            LexicalRules.Feature.NESTED_BLOCK_COMMENTS,
            LexicalRules.Feature.DOLLAR_QUOTES);

    @Override
    public LexicalRules lexicalRules() {
        return LEXICAL_RULES;
    }

    @Override
    public CatalogViews catalogViews() {
        return SVV_ALL;
    }

    /**
     * A geometry as hexadecimal EWKB text: Redshift's {@code ST_GeomFromEWKB} takes a VARCHAR
     * (https://docs.aws.amazon.com/redshift/latest/dg/ST_GeomFromEWKB-function.html), and Redshift has no
     * {@code bytea}.
     */
    @Override
    public void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value instanceof Geometry geometry) {
            statement.setString(index, HexFormat.of().withUpperCase().formatHex(geometry.ewkb()));
        } else {
            super.bind(statement, index, value);
        }
    }

    @Override
    public Optional<String> tileFilter(TileQuery tile) {
        return Optional.of(RedshiftTiles.filter(tile));
    }

    @Override
    public Optional<TileGeometrySql> tileGeometry(TileQuery tile) {
        return Optional.of(RedshiftTiles.geometry(tile));
    }

    @Override
    public Optional<String> extentInDegrees(String source, String geometry, int srid) {
        return Optional.of(RedshiftTiles.extentInDegrees(source, geometry, srid));
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
