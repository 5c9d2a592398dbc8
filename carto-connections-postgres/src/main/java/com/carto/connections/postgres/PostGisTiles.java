package com.carto.connections.postgres;

import com.carto.connections.spi.Dialect.TileGeometrySql;
import com.carto.connections.spi.Dialect.TileSql;
import com.carto.connections.spi.TileQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Envelope;

/**
 * Tiles in PostGIS: the tile's envelope brought into the column's SRID for the {@code &&} filter, so that the column's
 * GiST index serves, and the whole tile built by {@code ST_AsMVT} over {@code ST_AsMVTGeom}
 * (https://postgis.net/docs/ST_AsMVT.html).
 */
final class PostGisTiles {
    /** Web Mercator's edge in degrees: a geometry in degrees is cut there before it is projected, not sent to infinity. */
    private static final String MERCATOR_DEGREES =
            "ST_MakeEnvelope(-180, -85.0511287798066, 180, 85.0511287798066, 4326)";

    private static final int MAX_STATEMENTS = 1_000;
    private static final Map<TileShape, String> STATEMENTS = new ConcurrentHashMap<>();

    private PostGisTiles() {}

    static String filter(TileQuery tile) {
        return tile.geometry() + " && " + envelopeInSourceSrid(tile);
    }

    static TileGeometrySql geometry(TileQuery tile) {
        if (tile.srid() == 4326 || tile.srid() == 3857) {
            return new TileGeometrySql(tile.geometry(), tile.srid());
        }
        // Into metres as the warehouse's own tile does, so that a point on the buffer's edge falls on the same side.
        return new TileGeometrySql("ST_Transform(" + tile.geometry() + ", 3857)", 3857);
    }

    /**
     * The whole tile in one statement whose text is the same for every tile of a source: z, x, y and the envelope are
     * bound after the source's own parameters, so that pgjdbc and the server keep one prepared statement and plan. The
     * text is written once per source shape and kept (every tile of a source asks for it).
     */
    static TileSql vectorTile(TileQuery tile) {
        TileShape shape = TileShape.of(tile);
        String sql = STATEMENTS.get(shape);
        if (sql == null) {
            sql = statement(shape);
            // Crude but bounded: past the bound every source's text is written again once.
            if (STATEMENTS.size() >= MAX_STATEMENTS) {
                STATEMENTS.clear();
            }
            STATEMENTS.put(shape, sql);
        }
        List<Object> parameters = new ArrayList<>(13);
        parameters.add(tile.z());
        parameters.add(tile.x());
        parameters.add(tile.y());
        // The envelope twice: for the tile's rows, then for the look past the cap.
        addEnvelope(tile, parameters);
        addEnvelope(tile, parameters);
        return new TileSql(sql, parameters);
    }

    private static void addEnvelope(TileQuery tile, List<Object> parameters) {
        Envelope envelope = tile.srid() == 4326 ? tile.degrees() : tile.mercator();
        parameters.add(envelope.getMinX());
        parameters.add(envelope.getMinY());
        parameters.add(envelope.getMaxX());
        parameters.add(envelope.getMaxY());
        if (tile.srid() != 4326 && tile.srid() != 3857) {
            parameters.add(tile.mercator().getWidth() / 16);
        }
    }

    /** How many statements' texts are kept now; a test's window on the bound. */
    static int statementsKept() {
        return STATEMENTS.size();
    }

    /**
     * One pass over the tile's rows: {@code ST_AsMVT} and both counts are aggregates of the same rows, the first
     * {@code limit - 1} in the feature id's order. Whether a row lies past them is asked only of a tile that reached
     * the cap, by a lookup that stops at {@code limit} rows (PostgreSQL evaluates an uncorrelated subquery only when
     * the {@code case} reaches it). The source is a {@code not materialized} CTE so that its text, and so its
     * parameters, appear once while both reads plan it inline (PostgreSQL 12+). Materializing the rows for the counts
     * instead, as this statement once did, cost a third more server time than {@code ST_AsMVT} alone on large tiles.
     */
    private static String statement(TileShape tile) {
        String featureId =
                tile.featureId() == null ? "" : ", " + tile.featureId() + " as " + TileQuery.FEATURE_ID_ALIAS;
        StringBuilder properties = new StringBuilder();
        for (String property : tile.properties()) {
            properties.append(", ").append(property);
        }
        String order = tile.featureId() == null ? "" : " order by " + tile.featureId();
        String idName = tile.featureId() == null ? "" : ", '" + TileQuery.FEATURE_ID_ALIAS + "'";
        int cap = tile.limit() - 1;
        String rows = "select ST_AsMVTGeom(" + inMercator(tile.geometry(), tile.srid())
                + ", tile_bounds.tile_envelope, "
                + tile.extent() + ", " + tile.buffer() + ", true) as " + TileQuery.GEOMETRY_ALIAS + featureId
                + properties
                + " from tile_source cross join (select ST_TileEnvelope(?, ?, ?) as tile_envelope) tile_bounds where "
                + tile.geometry() + " && " + boundEnvelope(tile.srid()) + order + " limit " + cap;
        // A row ST_AsMVTGeom clipped away (null) holds a place among the first rows but is no feature.
        String tileRow = "select ST_AsMVT(tile_rows, '" + tile.layerName() + "', " + tile.extent() + ", '"
                + TileQuery.GEOMETRY_ALIAS + "'" + idName + ") filter (where tile_rows." + TileQuery.GEOMETRY_ALIAS
                + " is not null) as tile, count(*) as row_count, count(tile_rows." + TileQuery.GEOMETRY_ALIAS
                + ") as feature_count from (" + rows + ") tile_rows";
        String rowsFound = "case when row_count < " + cap + " then row_count else (select count(*) from (select 1 from"
                + " tile_source where " + tile.geometry() + " && " + boundEnvelope(tile.srid()) + " limit "
                + tile.limit() + ") more_rows) end";
        return "with tile_source as not materialized (" + tile.source() + "\n), tile_row as (" + tileRow
                + ") select tile, " + rowsFound + ", feature_count from tile_row";
    }

    /** The envelope in the column's SRID with its numbers as marks, bound in {@link #vectorTile}'s order. */
    private static String boundEnvelope(int srid) {
        return switch (srid) {
            case 3857 -> "ST_MakeEnvelope(?, ?, ?, ?, 3857)";
            case 4326 -> "ST_MakeEnvelope(?, ?, ?, ?, 4326)";
            default -> "ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 3857), ?), " + srid + ")";
        };
    }

    /** What a tile statement's text depends on: the source's, never the tile's own numbers. */
    private record TileShape(
            String source,
            String geometry,
            @Nullable String featureId,
            List<String> properties,
            int srid,
            int extent,
            int buffer,
            int limit,
            String layerName) {
        static TileShape of(TileQuery tile) {
            return new TileShape(
                    tile.source(),
                    tile.geometry(),
                    tile.featureId(),
                    tile.properties(),
                    tile.srid(),
                    tile.extent(),
                    tile.buffer(),
                    tile.limit(),
                    tile.layerName());
        }
    }

    static String extentInDegrees(String source, String geometry, int srid) {
        String degrees = srid == 4326 ? geometry : "ST_Transform(" + geometry + ", 4326)";
        return "select ST_XMin(source_extent), ST_YMin(source_extent), ST_XMax(source_extent), ST_YMax(source_extent)"
                + " from (select ST_Extent(" + degrees + ") as source_extent from (" + source + "\n) tile_source)"
                + " extent_row";
    }

    private static String inMercator(String geometry, int srid) {
        return switch (srid) {
            case 3857 -> geometry;
            case 4326 -> "ST_Transform(ST_ClipByBox2D(" + geometry + ", " + MERCATOR_DEGREES + "), 3857)";
            default -> "ST_Transform(" + geometry + ", 3857)";
        };
    }

    private static String envelopeInSourceSrid(TileQuery tile) {
        return switch (tile.srid()) {
            case 3857 -> envelope(tile.mercator(), 3857);
            case 4326 -> envelope(tile.degrees(), 4326);
            // An envelope's edges curve in another projection: they are cut into 16 segments before they are moved.
            default ->
                "ST_Transform(ST_Segmentize(" + envelope(tile.mercator(), 3857) + ", "
                        + number(tile.mercator().getWidth() / 16) + "), " + tile.srid() + ")";
        };
    }

    private static String envelope(Envelope envelope, int srid) {
        return "ST_MakeEnvelope(" + number(envelope.getMinX()) + ", " + number(envelope.getMinY()) + ", "
                + number(envelope.getMaxX()) + ", " + number(envelope.getMaxY()) + ", " + srid + ")";
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a tile's envelope is finite");
        }
        return Double.toString(value);
    }
}
