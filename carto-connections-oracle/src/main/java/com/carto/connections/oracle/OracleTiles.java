package com.carto.connections.oracle;

import com.carto.connections.spi.Dialect.TileGeometrySql;
import com.carto.connections.spi.TileQuery;
import org.locationtech.jts.geom.Envelope;

/**
 * Tiles on Oracle Spatial, encoded by the SDK: the rows are found with {@code SDO_FILTER(column, window) = 'TRUE'}, the
 * primary filter that uses the column's spatial index
 * (https://docs.oracle.com/en/database/oracle/oracle-database/23/spatl/sdo_filter.html), the window being the tile's
 * buffered square as an {@code SDO_GEOMETRY} in the column's SRID. The column is never transformed: in another SRID
 * than 4326 or 3857 the window is, with {@code SDO_CS.TRANSFORM}
 * (https://docs.oracle.com/database/121/SPATL/sdo_cs-transform.htm).
 */
final class OracleTiles {
    /** How many segments each edge of the tile is cut into before it is moved to another projection. */
    private static final int SEGMENTS = 16;

    private OracleTiles() {}

    static String filter(TileQuery tile) {
        String window;
        if (tile.srid() == 4326) {
            window = rectangle(tile.degrees(), 4326);
        } else if (tile.srid() == 3857) {
            window = rectangle(tile.mercator(), 3857);
        } else {
            // A tile's edges curve in another projection: cut into segments before the window is moved.
            window = "SDO_CS.TRANSFORM(" + densifiedPolygon(tile.mercator()) + ", " + tile.srid() + ")";
        }
        return "SDO_FILTER(" + tile.geometry() + ", " + window + ") = 'TRUE'";
    }

    static TileGeometrySql geometry(TileQuery tile) {
        if (tile.srid() == 4326 || tile.srid() == 3857) {
            return new TileGeometrySql(tile.geometry(), tile.srid());
        }
        return new TileGeometrySql("SDO_CS.TRANSFORM(" + tile.geometry() + ", 3857)", 3857);
    }

    /**
     * The smallest rectangle around every geometry ({@code SDO_AGGR_MBR}), moved to degrees first when the column is
     * in another SRID, and its corners ({@code SDO_GEOM.SDO_MIN_MBR_ORDINATE}/{@code SDO_MAX_MBR_ORDINATE}).
     */
    static String extentInDegrees(String source, String geometry, int srid) {
        String degrees = srid == 4326 ? geometry : "SDO_CS.TRANSFORM(" + geometry + ", 4326)";
        return "select SDO_GEOM.SDO_MIN_MBR_ORDINATE(source_extent, 1), SDO_GEOM.SDO_MIN_MBR_ORDINATE(source_extent, 2),"
                + " SDO_GEOM.SDO_MAX_MBR_ORDINATE(source_extent, 1), SDO_GEOM.SDO_MAX_MBR_ORDINATE(source_extent, 2)"
                + " from (select SDO_AGGR_MBR(" + degrees + ") as source_extent from (" + source
                + "\n) tile_source) extent_row";
    }

    /** An optimized rectangle: element type 1003 (exterior polygon), interpretation 3, lower-left then upper-right. */
    private static String rectangle(Envelope envelope, int srid) {
        return "SDO_GEOMETRY(2003, " + srid + ", NULL, SDO_ELEM_INFO_ARRAY(1, 1003, 3), SDO_ORDINATE_ARRAY("
                + number(envelope.getMinX()) + ", " + number(envelope.getMinY()) + ", " + number(envelope.getMaxX())
                + ", " + number(envelope.getMaxY()) + "))";
    }

    /** A polygon in EPSG:3857, counterclockwise as an exterior ring must be, each edge cut into segments. */
    private static String densifiedPolygon(Envelope envelope) {
        double[][] corners = {
            {envelope.getMinX(), envelope.getMinY()},
            {envelope.getMaxX(), envelope.getMinY()},
            {envelope.getMaxX(), envelope.getMaxY()},
            {envelope.getMinX(), envelope.getMaxY()}
        };
        StringBuilder ordinates = new StringBuilder();
        for (int edge = 0; edge < 4; edge++) {
            double[] from = corners[edge];
            double[] to = corners[(edge + 1) % 4];
            for (int step = 0; step < SEGMENTS; step++) {
                double fraction = (double) step / SEGMENTS;
                ordinates
                        .append(number(from[0] + (to[0] - from[0]) * fraction))
                        .append(", ")
                        .append(number(from[1] + (to[1] - from[1]) * fraction))
                        .append(", ");
            }
        }
        ordinates.append(number(corners[0][0])).append(", ").append(number(corners[0][1]));
        return "SDO_GEOMETRY(2003, 3857, NULL, SDO_ELEM_INFO_ARRAY(1, 1003, 1), SDO_ORDINATE_ARRAY(" + ordinates + "))";
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a tile's envelope is finite");
        }
        return Double.toString(value);
    }
}
