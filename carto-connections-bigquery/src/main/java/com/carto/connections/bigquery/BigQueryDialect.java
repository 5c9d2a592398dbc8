package com.carto.connections.bigquery;

import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.TileQuery;
import java.math.BigDecimal;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;

/**
 * GoogleSQL as the SDK writes it: backtick-quoted names (each part quoted on its own, {@code `project`.`dataset`.`t`}),
 * {@code LIMIT}, {@code CREATE TABLE … AS}, and datasets as schemas.
 *
 * <p>Tiles are encoded by the SDK from the rows BigQuery finds with {@code ST_INTERSECTSBOX}: a GEOGRAPHY is always
 * WGS 84, so only sources in SRID 4326 can be tiled, and the column is read as it is.
 */
final class BigQueryDialect implements Dialect {
    static final BigQueryDialect INSTANCE = new BigQueryDialect();

    @Override
    public LexicalRules lexicalRules() {
        return LexicalRules.GOOGLE_SQL;
    }

    private BigQueryDialect() {}

    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must be non-empty and hold no NUL character");
        }
        // GoogleSQL quoted identifiers take the same backslash escapes as string literals, so backslashes go first.
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    @Override
    public String limit(String sql, long rows) {
        return "select * from (" + sql + ") as limited_query limit " + rows;
    }

    /**
     * The rows on the tile: {@code ST_INTERSECTSBOX(geography, west, south, east, north)} is TRUE when the geography
     * meets the rectangle whose edges follow those meridians and parallels, not great circles, as a map's tile does
     * (https://cloud.google.com/bigquery/docs/reference/standard-sql/geography_functions#st_intersectsbox). The column
     * is left as it is, so that clustering on it prunes. The box never crosses the antimeridian (the SDK's box stops
     * at ±180), and the service takes longitudes in [-180, 180] and latitudes in [-90, 90].
     */
    @Override
    public Optional<String> tileFilter(TileQuery tile) {
        if (tile.srid() != BigQueryValues.GEOGRAPHY_SRID) {
            return Optional.empty();
        }
        Envelope box = tile.degrees();
        return Optional.of("ST_INTERSECTSBOX(" + tile.geometry() + ", " + number(box.getMinX()) + ", "
                + number(box.getMinY()) + ", " + number(box.getMaxX()) + ", " + number(box.getMaxY()) + ")");
    }

    /**
     * The {@code &} operator on INT64
     * (https://cloud.google.com/bigquery/docs/reference/standard-sql/operators#bitwise_operators).
     */
    @Override
    public Optional<String> bitwiseAnd(String integer, long mask) {
        return Optional.of("(" + integer + " & " + mask + ")");
    }

    /** The GEOGRAPHY as it is, in EPSG:4326; a source declaring any other SRID is not a GEOGRAPHY. */
    @Override
    public Optional<TileGeometrySql> tileGeometry(TileQuery tile) {
        if (tile.srid() != BigQueryValues.GEOGRAPHY_SRID) {
            return Optional.empty();
        }
        return Optional.of(new TileGeometrySql(tile.geometry(), BigQueryValues.GEOGRAPHY_SRID));
    }

    /**
     * West, south, east and north of every row's {@code ST_BOUNDINGBOX(geography)}, a {@code STRUCT<xmin FLOAT64, ymin
     * FLOAT64, xmax FLOAT64, ymax FLOAT64>} that is NULL for a NULL or empty geography, which {@code min} and {@code max}
     * skip (https://cloud.google.com/bigquery/docs/reference/standard-sql/geography_functions#st_boundingbox). A box
     * crossing the antimeridian has one longitude beyond ±180 so that {@code xmin < xmax}; TileJSON's bounds cannot
     * wrap around the antimeridian (TileJSON 3.0.0, bounds), so such a row widens the longitudes to -180 and 180.
     * The struct's fields are read as {@code (source_box).xmin}, a field access on a parenthesized expression.
     */
    @Override
    public Optional<String> extentInDegrees(String source, String geometry, int srid) {
        if (srid != BigQueryValues.GEOGRAPHY_SRID) {
            return Optional.empty();
        }
        String crosses = "(source_box).xmin < -180 or (source_box).xmax > 180";
        return Optional.of("select min(case when " + crosses + " then -180 else (source_box).xmin end),"
                + " min((source_box).ymin), max(case when " + crosses + " then 180 else (source_box).xmax end),"
                + " max((source_box).ymax) from (select ST_BOUNDINGBOX(" + geometry + ") as source_box from ("
                + source + "\n) tile_source) extent_rows");
    }

    /** A decimal literal: GoogleSQL reads it as FLOAT64, and it never has an exponent. */
    private static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a tile's box is finite");
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    /** CARTO installs the Analytics Toolbox for BigQuery in the {@code carto} dataset of the public project {@code carto-un}. */
    @Override
    public String defaultAnalyticsToolboxLocation() {
        return "carto-un.carto";
    }
}
