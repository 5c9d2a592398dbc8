package com.carto.connections.databricks.fake;

import java.util.HexFormat;
import java.util.Locale;
import org.h2.value.Value;
import org.h2.value.ValueGeometry;
import org.h2.value.ValueInteger;
import org.h2.value.ValueNull;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

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

    /**
     * {@code st_geomfromtext(wkt[, srid])}: the GEOMETRY of a WKT STRING, its SRID the given INTEGER or 0; NULL for
     * NULL; invalid WKT is WKT_PARSE_ERROR, an unsupported SRID ST_INVALID_SRID_VALUE
     * (docs.databricks.com/sql/language-manual/functions/st_geomfromtext).
     */
    public static @Nullable Geometry stGeomFromText(@Nullable Value wkt) {
        return stGeomFromText(wkt, ValueInteger.get(0));
    }

    public static @Nullable Geometry stGeomFromText(@Nullable Value wkt, @Nullable Value srid) {
        String text = string("st_geomfromtext", 1, wkt);
        Integer code = integer("st_geomfromtext", 2, srid);
        if (text == null || code == null) {
            return null;
        }
        if (code < 0) {
            throw new ServiceError(
                    "ST_INVALID_SRID_VALUE",
                    "Invalid or unsupported SRID (spatial reference identifier) value: " + code + ".",
                    "22023");
        }
        try {
            Geometry geometry = new WKTReader(GEOMETRIES).read(text);
            geometry.setSRID(code);
            return geometry;
        } catch (ParseException e) {
            throw new ServiceError("WKT_PARSE_ERROR", "Error parsing WKT: " + e.getMessage(), "22023");
        }
    }

    /**
     * {@code st_intersects(geo1, geo2)}: whether two GEOMETRY values intersect (the DE-9IM Intersects predicate), NULL
     * for a NULL input; inputs of different SRIDs are ST_DIFFERENT_SRID_VALUES
     * (docs.databricks.com/sql/language-manual/functions/st_intersects).
     */
    public static @Nullable Boolean stIntersects(@Nullable Value first, @Nullable Value second) {
        Geometry one = geometry("st_intersects", 1, first);
        Geometry two = geometry("st_intersects", 2, second);
        if (one == null || two == null) {
            return null;
        }
        if (one.getSRID() != two.getSRID()) {
            throw new ServiceError(
                    "ST_DIFFERENT_SRID_VALUES",
                    "Arguments to \"st_intersects\" must have the same SRID value. SRID values found: " + one.getSRID()
                            + ", " + two.getSRID() + ".",
                    "22023");
        }
        return one.intersects(two);
    }

    /** {@code st_xmin(geo)}: a GEOMETRY's smallest X, NULL when NULL or empty (functions/st_xmin). */
    public static @Nullable Double stXMin(@Nullable Value geometry) {
        Geometry value = geometry("st_xmin", 1, geometry);
        return value == null || value.isEmpty()
                ? null
                : value.getEnvelopeInternal().getMinX();
    }

    /** {@code st_xmax(geo)}: a GEOMETRY's largest X, NULL when NULL or empty (functions/st_xmax). */
    public static @Nullable Double stXMax(@Nullable Value geometry) {
        Geometry value = geometry("st_xmax", 1, geometry);
        return value == null || value.isEmpty()
                ? null
                : value.getEnvelopeInternal().getMaxX();
    }

    /** {@code st_ymin(geo)}: a GEOMETRY's smallest Y, NULL when NULL or empty (functions/st_ymin). */
    public static @Nullable Double stYMin(@Nullable Value geometry) {
        Geometry value = geometry("st_ymin", 1, geometry);
        return value == null || value.isEmpty()
                ? null
                : value.getEnvelopeInternal().getMinY();
    }

    /** {@code st_ymax(geo)}: a GEOMETRY's largest Y, NULL when NULL or empty (functions/st_ymax). */
    public static @Nullable Double stYMax(@Nullable Value geometry) {
        Geometry value = geometry("st_ymax", 1, geometry);
        return value == null || value.isEmpty()
                ? null
                : value.getEnvelopeInternal().getMaxY();
    }

    /**
     * {@code st_transform(geo, srid)}: the GEOMETRY's X and Y moved into the SRID's reference system, Z and M kept,
     * NULL for a NULL input; a transformation it cannot do is ST_INVALID_CRS_TRANSFORMATION_ERROR
     * (functions/st_transform). Deviation: the fake knows only EPSG:4326 and EPSG:3857 (spherical Web Mercator), and
     * a SRID to itself; the service knows many more.
     */
    public static @Nullable Geometry stTransform(@Nullable Value geometry, @Nullable Value srid) {
        Geometry value = geometry("st_transform", 1, geometry);
        Integer target = integer("st_transform", 2, srid);
        if (value == null || target == null) {
            return null;
        }
        int source = value.getSRID();
        Geometry moved = value.copy();
        if (source == 4326 && target == 3857) {
            moved.apply(new Projection(true));
        } else if (source == 3857 && target == 4326) {
            moved.apply(new Projection(false));
        } else if (source != target) {
            throw new ServiceError(
                    "ST_INVALID_CRS_TRANSFORMATION_ERROR",
                    "st_transform: Invalid or unsupported CRS transformation from SRID " + source + " to SRID " + target
                            + ".",
                    "22023");
        }
        moved.setSRID(target);
        return moved;
    }

    /**
     * An argument of the type the function takes, or NULL. H2 hands an alias its values as they are, so that another
     * type fails as the service's analyzer fails it instead of being converted: DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE
     * (docs.databricks.com/error-messages/datatype-mismatch-error-class).
     */
    private static @Nullable Geometry geometry(String function, int position, @Nullable Value value) {
        Value checked = checked(function, position, "GEOMETRY", Value.GEOMETRY, value);
        return checked == null ? null : ((ValueGeometry) checked).getGeometry();
    }

    private static @Nullable String string(String function, int position, @Nullable Value value) {
        Value checked = checked(function, position, "STRING", Value.VARCHAR, value);
        return checked == null ? null : checked.getString();
    }

    private static @Nullable Integer integer(String function, int position, @Nullable Value value) {
        Value checked = checked(function, position, "INT", Value.INTEGER, value);
        return checked == null ? null : checked.getInt();
    }

    private static @Nullable Value checked(
            String function, int position, String typeName, int type, @Nullable Value value) {
        if (value == null || value == ValueNull.INSTANCE) {
            return null;
        }
        if (value.getValueType() != type) {
            throw new ServiceError(
                    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                    "Cannot resolve \"" + function + "\" due to data type mismatch: parameter " + position
                            + " requires the \"" + typeName + "\" type, however it has the type \""
                            + value.getType().toString().toLowerCase(Locale.ROOT) + "\".",
                    "42K09");
        }
        return value;
    }

    /** An error of the service: its error class, message and SQLSTATE, as a failed statement reports them. */
    public static final class ServiceError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String sqlState;

        ServiceError(String errorClass, String message, String sqlState) {
            super("[" + errorClass + "] " + message);
            this.sqlState = sqlState;
        }

        public String sqlState() {
            return sqlState;
        }
    }

    /** Spherical Web Mercator (EPSG:3857) forward from degrees, or back. */
    private static final class Projection implements CoordinateSequenceFilter {
        private static final double RADIUS = 6_378_137.0;
        private final boolean forward;

        Projection(boolean forward) {
            this.forward = forward;
        }

        @Override
        public void filter(CoordinateSequence sequence, int index) {
            double x = sequence.getX(index);
            double y = sequence.getY(index);
            if (forward) {
                sequence.setOrdinate(index, 0, Math.toRadians(x) * RADIUS);
                sequence.setOrdinate(index, 1, Math.log(Math.tan(Math.PI / 4 + Math.toRadians(y) / 2)) * RADIUS);
            } else {
                sequence.setOrdinate(index, 0, Math.toDegrees(x / RADIUS));
                sequence.setOrdinate(index, 1, Math.toDegrees(2 * Math.atan(Math.exp(y / RADIUS)) - Math.PI / 2));
            }
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
