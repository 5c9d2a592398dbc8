package com.carto.connections.redshift;

import com.carto.connections.spi.Dialect.TileGeometrySql;
import com.carto.connections.spi.TileQuery;
import org.locationtech.jts.geom.Envelope;

/**
 * Tiles on Redshift, which builds no MVT: the SDK encodes the tile from the rows whose bounding box meets the tile's
 * envelope in the column's own SRID. The box is compared with {@code ST_XMin}, {@code ST_XMax}, {@code ST_YMin} and
 * {@code ST_YMax} (https://docs.aws.amazon.com/redshift/latest/dg/ST_XMin-function.html and its siblings) rather than
 * {@code ST_Intersects}, which Redshift refuses for a geometry collection
 * (https://docs.aws.amazon.com/redshift/latest/dg/ST_Intersects-function.html), and Redshift has no {@code &&}
 * operator. The column is never transformed; the envelope is, for a projected SRID, with {@code ST_Transform}
 * (https://docs.aws.amazon.com/redshift/latest/dg/ST_Transform-function.html).
 */
final class RedshiftTiles {
    /** How many segments each edge of the tile is cut into before it is moved to another projection. */
    private static final int SEGMENTS = 16;

    private RedshiftTiles() {}

    static String filter(TileQuery tile) {
        String minX;
        String minY;
        String maxX;
        String maxY;
        if (tile.srid() == 3857 || tile.srid() == 4326) {
            Envelope box = tile.srid() == 3857 ? tile.mercator() : tile.degrees();
            minX = number(box.getMinX());
            minY = number(box.getMinY());
            maxX = number(box.getMaxX());
            maxY = number(box.getMaxY());
        } else {
            // A tile's edges curve in another projection: its box there is the box of the cut edges, moved.
            String moved = "ST_Transform(ST_GeomFromText('" + densifiedPolygon(tile.mercator()) + "', 3857), "
                    + tile.srid() + ")";
            minX = "ST_XMin(" + moved + ")";
            minY = "ST_YMin(" + moved + ")";
            maxX = "ST_XMax(" + moved + ")";
            maxY = "ST_YMax(" + moved + ")";
        }
        String column = tile.geometry();
        return "(ST_XMin(" + column + ") <= " + maxX + " and ST_XMax(" + column + ") >= " + minX + " and ST_YMin("
                + column + ") <= " + maxY + " and ST_YMax(" + column + ") >= " + minY + ")";
    }

    static TileGeometrySql geometry(TileQuery tile) {
        if (tile.srid() == 4326 || tile.srid() == 3857) {
            return new TileGeometrySql(tile.geometry(), tile.srid());
        }
        return new TileGeometrySql("ST_Transform(" + tile.geometry() + ", 3857)", 3857);
    }

    /** Redshift has no {@code ST_Extent}: the smallest and largest coordinates of every geometry in degrees. */
    static String extentInDegrees(String source, String geometry, int srid) {
        String degrees = srid == 4326 ? geometry : "ST_Transform(" + geometry + ", 4326)";
        return "select min(ST_XMin(source_degrees)), min(ST_YMin(source_degrees)), max(ST_XMax(source_degrees)),"
                + " max(ST_YMax(source_degrees)) from (select " + degrees + " as source_degrees from (" + source
                + "\n) tile_source) extent_rows";
    }

    /** The envelope as a WKT polygon whose edges are cut into {@link #SEGMENTS} segments each. */
    static String densifiedPolygon(Envelope envelope) {
        double[][] corners = {
            {envelope.getMinX(), envelope.getMinY()},
            {envelope.getMaxX(), envelope.getMinY()},
            {envelope.getMaxX(), envelope.getMaxY()},
            {envelope.getMinX(), envelope.getMaxY()}
        };
        StringBuilder wkt = new StringBuilder("POLYGON((");
        for (int edge = 0; edge < 4; edge++) {
            double[] from = corners[edge];
            double[] to = corners[(edge + 1) % 4];
            for (int step = 0; step < SEGMENTS; step++) {
                double fraction = (double) step / SEGMENTS;
                wkt.append(number(from[0] + (to[0] - from[0]) * fraction))
                        .append(' ')
                        .append(number(from[1] + (to[1] - from[1]) * fraction))
                        .append(", ");
            }
        }
        return wkt.append(number(corners[0][0]))
                .append(' ')
                .append(number(corners[0][1]))
                .append("))")
                .toString();
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a tile's envelope is finite");
        }
        return Double.toString(value);
    }
}
