package com.carto.connections.databricks.fake;

import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Databricks SQL functions H2 lacks, as H2 Java aliases. H2 holds a JTS geometry returned by an alias as a GEOMETRY
 * value, SRID included, and hands one to an alias that takes a JTS geometry.
 */
public final class FakeFunctions {
    private static final GeometryFactory GEOMETRIES = new GeometryFactory();

    private FakeFunctions() {}

    /**
     * {@code unhex(str)}: the bytes of a hexadecimal string, either case, NULL for NULL
     * (docs.databricks.com/sql/language-manual/functions/unhex.html).
     */
    public static byte @Nullable [] unhex(@Nullable String hex) {
        return hex == null ? null : HexFormat.of().parseHex(hex);
    }

    /**
     * {@code st_point(x, y[, srid])}: a 2D point, SRID 0 when not given
     * (docs.databricks.com/sql/language-manual/functions/st_point).
     */
    public static @Nullable Geometry stPoint(@Nullable Double x, @Nullable Double y) {
        return stPoint(x, y, 0);
    }

    public static @Nullable Geometry stPoint(@Nullable Double x, @Nullable Double y, @Nullable Integer srid) {
        if (x == null || y == null || srid == null) {
            return null;
        }
        Geometry point = GEOMETRIES.createPoint(new Coordinate(x, y));
        point.setSRID(srid);
        return point;
    }

    /**
     * {@code st_geomfromwkb(wkb[, srid])}: the geometry of ISO WKB bytes (2D, Z, M or ZM), with the given SRID, 0 when
     * not given; NULL for NULL; invalid WKB fails with WKB_PARSE_ERROR
     * (docs.databricks.com/sql/language-manual/functions/st_geomfromwkb).
     */
    public static @Nullable Geometry stGeomFromWkb(byte @Nullable [] wkb) {
        return stGeomFromWkb(wkb, 0);
    }

    public static @Nullable Geometry stGeomFromWkb(byte @Nullable [] wkb, @Nullable Integer srid) {
        if (wkb == null || srid == null) {
            return null;
        }
        try {
            Geometry geometry = new WKBReader(GEOMETRIES).read(wkb);
            geometry.setSRID(srid);
            return geometry;
        } catch (ParseException e) {
            throw new IllegalArgumentException("[WKB_PARSE_ERROR] " + e.getMessage(), e);
        }
    }

    /**
     * {@code st_asewkb(geo)}: a GEOMETRY as extended WKB, little-endian (NDR) by default, its SRID in the header
     * (none for SRID 0, as in the reference's examples) and its Z kept
     * (docs.databricks.com/sql/language-manual/functions/st_asewkb).
     */
    public static byte @Nullable [] stAsEwkb(@Nullable Geometry geometry) {
        if (geometry == null) {
            return null;
        }
        boolean z =
                !geometry.isEmpty() && !Double.isNaN(geometry.getCoordinate().getZ());
        return new WKBWriter(z ? 3 : 2, ByteOrderValues.LITTLE_ENDIAN, geometry.getSRID() != 0).write(geometry);
    }
}
