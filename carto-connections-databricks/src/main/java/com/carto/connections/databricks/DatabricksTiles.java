package com.carto.connections.databricks;

import com.carto.connections.spi.TileQuery;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;

/**
 * Tiles on Databricks SQL, which builds no MVT: the SDK encodes each tile from the rows whose GEOMETRY intersects the
 * tile's envelope, written in the column's own SRID so that the column itself is never transformed. {@code st_intersects} (docs.databricks.com/sql/language-manual/functions/
 * st_intersects: GEOMETRY arguments of one SRID, else ST_DIFFERENT_SRID_VALUES) against {@code st_geomfromtext} of a
 * polygon with a constant SRID (functions/st_geomfromtext: then typed {@code GEOMETRY(srid)}). Only EPSG:4326 and
 * EPSG:3857 columns: another SRID would need {@code st_transform} of the envelope, which the tests cannot run.
 */
final class DatabricksTiles {
    private DatabricksTiles() {}

    static Optional<String> filter(TileQuery tile) {
        Envelope box;
        if (tile.srid() == 4326) {
            box = tile.degrees();
        } else if (tile.srid() == 3857) {
            box = tile.mercator();
        } else {
            return Optional.empty();
        }
        String polygon = "POLYGON((" + corner(box.getMinX(), box.getMinY()) + ", "
                + corner(box.getMaxX(), box.getMinY())
                + ", " + corner(box.getMaxX(), box.getMaxY()) + ", " + corner(box.getMinX(), box.getMaxY()) + ", "
                + corner(box.getMinX(), box.getMinY()) + "))";
        return Optional.of(
                "st_intersects(" + tile.geometry() + ", st_geomfromtext('" + polygon + "', " + tile.srid() + "))");
    }

    /**
     * The smallest and largest coordinates of every geometry in degrees ({@code st_xmin} … {@code st_ymax}, NULL for an
     * empty one; functions/st_xmin); a 3857 column brought to 4326 with {@code st_transform} (functions/st_transform).
     */
    static Optional<String> extentInDegrees(String source, String geometry, int srid) {
        String degrees;
        if (srid == 4326) {
            degrees = geometry;
        } else if (srid == 3857) {
            degrees = "st_transform(" + geometry + ", 4326)";
        } else {
            return Optional.empty();
        }
        return Optional.of("select min(st_xmin(source_degrees)), min(st_ymin(source_degrees)),"
                + " max(st_xmax(source_degrees)), max(st_ymax(source_degrees)) from (select " + degrees
                + " as source_degrees from (" + source + "\n) tile_source) extent_rows");
    }

    private static String corner(double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a tile's envelope is finite");
        }
        return x + " " + y;
    }
}
