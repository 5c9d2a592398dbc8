package com.carto.connections.bigquery;

import com.carto.connections.testing.SphericalShapes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.h2.value.ExtTypeInfoRow;
import org.h2.value.TypeInfo;
import org.h2.value.Value;
import org.h2.value.ValueDouble;
import org.h2.value.ValueGeometry;
import org.h2.value.ValueNull;
import org.h2.value.ValueRow;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * GoogleSQL functions the fake's H2 lacks, as Java aliases. Public only because H2 calls aliases by reflection
 * from its own package.
 */
public final class FakeBigQueryFunctions {
    private static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

    private FakeBigQueryFunctions() {}

    public static Geometry geogPoint(double longitude, double latitude) {
        return WGS84.createPoint(new Coordinate(longitude, latitude));
    }

    public static Geometry geogFromText(String wkt) throws ParseException {
        return new WKTReader(WGS84).read(wkt);
    }

    /**
     * {@code ST_INTERSECTSBOX(geography, lng1, lat1, lng2, lat2)}
     * (https://cloud.google.com/bigquery/docs/reference/standard-sql/geography_functions#st_intersectsbox): TRUE when the
     * geography meets the rectangle whose edges follow the meridians {@code lng1} (its west) and {@code lng2} (its
     * east) and the parallels {@code lat1} and {@code lat2}; the geography's own edges are geodesics, as every
     * GEOGRAPHY's are (https://cloud.google.com/bigquery/docs/geospatial-data#coordinate_systems_and_edges). Its one
     * signature is {@code (GEOGRAPHY, FLOAT64, FLOAT64, FLOAT64, FLOAT64)}, integer and NUMERIC arguments coerced;
     * anything else, or another count, fails as GoogleSQL fails a call with no matching signature. Latitudes must be in
     * [-90, 90]; longitudes both in [-180, 180], or one in [-180, 0] and the other in [0, 360]. A NULL argument gives
     * NULL. Geodesic edges are followed by {@link SphericalShapes}. The arguments arrive as H2's values, whose types
     * are checked here (H2 would otherwise convert them to the parameters' classes).
     */
    public static Boolean intersectsBox(Value... arguments) throws SQLException {
        boolean matches = arguments.length == 5 && isA(arguments[0], GEOGRAPHY);
        for (int index = 1; index < arguments.length && matches; index++) {
            matches = isA(arguments[index], FLOAT64);
        }
        if (!matches) {
            throw new SQLException(
                    "No matching signature for function ST_INTERSECTSBOX for argument types: " + typeNames(arguments)
                            + ". Supported signature: ST_INTERSECTSBOX(GEOGRAPHY, FLOAT64, FLOAT64, FLOAT64, FLOAT64)",
                    "42000",
                    42000);
        }
        for (Value argument : arguments) {
            if (argument.getValueType() == Value.NULL) {
                return null;
            }
        }
        double west = arguments[1].getDouble();
        double south = arguments[2].getDouble();
        double east = arguments[3].getDouble();
        double north = arguments[4].getDouble();
        boolean latitudes = Math.abs(south) <= 90 && Math.abs(north) <= 90;
        boolean longitudes = (Math.abs(west) <= 180 && Math.abs(east) <= 180)
                || (west >= -180 && west <= 0 && east >= 0 && east <= 360)
                || (east >= -180 && east <= 0 && west >= 0 && west <= 360);
        if (!latitudes || !longitudes) {
            throw new SQLException(
                    "ST_INTERSECTSBOX: latitudes must be in [-90, 90] and longitudes in [-180, 180] (or one in [-180, 0]"
                            + " and the other in [0, 360]), but were " + west + ", " + south + ", " + east + ", "
                            + north,
                    "22003",
                    22003);
        }
        return SphericalShapes.intersectsBox(((ValueGeometry) arguments[0]).getGeometry(), west, south, east, north);
    }

    /**
     * {@code ST_BOUNDINGBOX(geography)}
     * (https://cloud.google.com/bigquery/docs/reference/standard-sql/geography_functions#st_boundingbox): a {@code
     * STRUCT<xmin FLOAT64, ymin FLOAT64, xmax FLOAT64, ymax FLOAT64>}, NULL for a NULL or empty geography. Its one
     * signature is {@code (GEOGRAPHY)}; anything else, or another count, fails as GoogleSQL fails a call with no
     * matching signature. When the box crosses the antimeridian one longitude lies beyond ±180 so that {@code xmin <
     * xmax}, as in the reference's {@code {xmin:172, ymin:53, xmax:230, ymax:57}}. Simplified from the vertices: when
     * their longitudes span more than 180° the box is taken to cross the antimeridian and the negative longitudes are
     * moved east by 360°; a geodesic edge's bow toward a pole is not followed, so the latitudes are the vertices'.
     */
    public static Value boundingBox(Value... arguments) throws SQLException {
        if (arguments.length != 1 || !isA(arguments[0], GEOGRAPHY)) {
            throw new SQLException(
                    "No matching signature for function ST_BOUNDINGBOX for argument types: " + typeNames(arguments)
                            + ". Supported signature: ST_BOUNDINGBOX(GEOGRAPHY)",
                    "42000",
                    42000);
        }
        if (arguments[0].getValueType() == Value.NULL) {
            return ValueNull.INSTANCE;
        }
        Geometry geography = ((ValueGeometry) arguments[0]).getGeometry();
        if (geography.isEmpty()) {
            return ValueNull.INSTANCE;
        }
        Envelope vertices = geography.getEnvelopeInternal();
        double west = vertices.getMinX();
        double east = vertices.getMaxX();
        if (east - west > 180) {
            west = Double.POSITIVE_INFINITY;
            east = Double.NEGATIVE_INFINITY;
            for (Coordinate vertex : geography.getCoordinates()) {
                double longitude = vertex.x < 0 ? vertex.x + 360 : vertex.x;
                west = Math.min(west, longitude);
                east = Math.max(east, longitude);
            }
        }
        LinkedHashMap<String, TypeInfo> fields = new LinkedHashMap<>();
        for (String field : List.of("xmin", "ymin", "xmax", "ymax")) {
            fields.put(field, TypeInfo.TYPE_DOUBLE);
        }
        return ValueRow.get(TypeInfo.getTypeInfo(Value.ROW, -1, -1, new ExtTypeInfoRow(fields)), new Value[] {
            ValueDouble.get(west),
            ValueDouble.get(vertices.getMinY()),
            ValueDouble.get(east),
            ValueDouble.get(vertices.getMaxY())
        });
    }

    /** H2's value types that stand for GoogleSQL's GEOGRAPHY, and for what coerces to FLOAT64. */
    private static final Set<Integer> GEOGRAPHY = Set.of(Value.GEOMETRY);

    private static final Set<Integer> FLOAT64 = Set.of(
            Value.TINYINT,
            Value.SMALLINT,
            Value.INTEGER,
            Value.BIGINT,
            Value.NUMERIC,
            Value.DECFLOAT,
            Value.REAL,
            Value.DOUBLE);

    /** A NULL literal has every type: GoogleSQL's NULL coerces to any. */
    private static boolean isA(Value argument, Set<Integer> types) {
        return argument.getValueType() == Value.NULL || types.contains(argument.getValueType());
    }

    private static String typeNames(Value[] arguments) {
        List<String> names = new ArrayList<>();
        for (Value argument : arguments) {
            int type = argument.getValueType();
            names.add(
                    GEOGRAPHY.contains(type)
                            ? "GEOGRAPHY"
                            : FLOAT64.contains(type)
                                    ? (type == Value.NUMERIC || type == Value.DECFLOAT ? "FLOAT64" : "INT64")
                                    : type == Value.BOOLEAN ? "BOOL" : type == Value.NULL ? "INT64" : "STRING");
        }
        return String.join(", ", names);
    }

    /** Sleeps in the job's thread; cancelling the job interrupts it. */
    public static int sleep(int seconds) throws SQLException {
        try {
            Thread.sleep(seconds * 1000L);
            return seconds;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Job execution was cancelled: User requested cancellation", "57014", 57014);
        }
    }
}
