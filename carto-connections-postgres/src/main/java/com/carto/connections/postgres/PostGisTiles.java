package com.carto.connections.postgres;

import com.carto.connections.spi.Dialect.TileGeometrySql;
import com.carto.connections.spi.Dialect.TileSql;
import com.carto.connections.spi.TileQuery;
import java.util.ArrayList;
import java.util.List;
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
     * bound after the source's own parameters, so that pgjdbc and the server keep one prepared statement and plan.
     */
    static TileSql vectorTile(TileQuery tile) {
        String featureId =
                tile.featureId() == null ? "" : ", " + tile.featureId() + " as " + TileQuery.FEATURE_ID_ALIAS;
        StringBuilder properties = new StringBuilder();
        for (String property : tile.properties()) {
            properties.append(", ").append(property);
        }
        String order = tile.featureId() == null ? "" : " order by " + tile.featureId();
        String idName = tile.featureId() == null ? "" : ", '" + TileQuery.FEATURE_ID_ALIAS + "'";
        List<Object> parameters = new ArrayList<>(List.of(tile.z(), tile.x(), tile.y()));
        String rows = "select ST_AsMVTGeom(" + inMercator(tile) + ", tile_bounds.tile_envelope, " + tile.extent() + ", "
                + tile.buffer() + ", true) as " + TileQuery.GEOMETRY_ALIAS + featureId + properties + " from ("
                + tile.source() + "\n) tile_source cross join (select ST_TileEnvelope(?, ?, ?) as tile_envelope)"
                + " tile_bounds where " + tile.geometry() + " && " + boundEnvelope(tile, parameters) + order + " limit "
                + tile.limit();
        // The first limit - 1 rows make the tile; one more row found means the tile was cut.
        String features = "select * from (select * from tile_rows limit " + (tile.limit() - 1) + ") first_rows where "
                + TileQuery.GEOMETRY_ALIAS + " is not null";
        String mvt = "ST_AsMVT(tile_features, '" + tile.layerName() + "', " + tile.extent() + ", '"
                + TileQuery.GEOMETRY_ALIAS + "'" + idName + ")";
        return new TileSql(
                "with tile_rows as (" + rows + "), tile_features as (" + features + ") select (select " + mvt
                        + " from tile_features), (select count(*) from tile_rows), (select count(*) from tile_features)",
                parameters);
    }

    /** The envelope in the column's SRID with its numbers as marks, their values added to {@code parameters}. */
    private static String boundEnvelope(TileQuery tile, List<Object> parameters) {
        Envelope envelope = tile.srid() == 4326 ? tile.degrees() : tile.mercator();
        parameters.addAll(List.of(envelope.getMinX(), envelope.getMinY(), envelope.getMaxX(), envelope.getMaxY()));
        return switch (tile.srid()) {
            case 3857 -> "ST_MakeEnvelope(?, ?, ?, ?, 3857)";
            case 4326 -> "ST_MakeEnvelope(?, ?, ?, ?, 4326)";
            default -> {
                parameters.add(tile.mercator().getWidth() / 16);
                yield "ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 3857), ?), " + tile.srid() + ")";
            }
        };
    }

    static String extentInDegrees(String source, String geometry, int srid) {
        String degrees = srid == 4326 ? geometry : "ST_Transform(" + geometry + ", 4326)";
        return "select ST_XMin(source_extent), ST_YMin(source_extent), ST_XMax(source_extent), ST_YMax(source_extent)"
                + " from (select ST_Extent(" + degrees + ") as source_extent from (" + source + "\n) tile_source)"
                + " extent_row";
    }

    private static String inMercator(TileQuery tile) {
        return switch (tile.srid()) {
            case 3857 -> tile.geometry();
            case 4326 -> "ST_Transform(ST_ClipByBox2D(" + tile.geometry() + ", " + MERCATOR_DEGREES + "), 3857)";
            default -> "ST_Transform(" + tile.geometry() + ", 3857)";
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
