package com.carto.connections.snowflake;

import com.carto.connections.testing.SphericalShapes;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.h2.value.Value;
import org.h2.value.ValueGeometry;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;

/** Snowflake functions the fake's H2 engine lacks, registered as H2 aliases (public for H2's reflection). */
public final class FakeSnowflakeFunctions {
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

    private FakeSnowflakeFunctions() {}

    /**
     * {@code TO_GEOGRAPHY(text)}: a GEOGRAPHY is always WGS 84
     * (https://docs.snowflake.com/en/sql-reference/data-types-geospatial). From text it reads WKT, and WKB or EWKB in
     * hex (https://docs.snowflake.com/en/sql-reference/functions/to_geography).
     */
    public static Geometry toGeography(String text) throws ParseException {
        Geometry geometry = HEX.matcher(text).matches()
                ? new WKBReader().read(HexFormat.of().parseHex(text))
                : new WKTReader().read(text);
        geometry.setSRID(4326);
        return geometry;
    }

    /**
     * {@code ST_INTERSECTS(geography, geography)} (https://docs.snowflake.com/en/sql-reference/functions/st_intersects):
     * TRUE when the two share any point, their edges great-circle arcs as every GEOGRAPHY's are
     * (https://docs.snowflake.com/en/sql-reference/data-types-geospatial), followed by {@link SphericalShapes}. The
     * fake's spatial type is GEOGRAPHY only, so its one signature is {@code (GEOGRAPHY, GEOGRAPHY)}; any other count or
     * type fails as the service fails a call no signature matches, 001044 / 42P13 "Invalid argument types for function
     * 'ST_INTERSECTS': (…)" (the service's words, as reported in estuary/connectors issue 4881 for GET). A NULL gives
     * NULL. The arguments arrive as H2's values, whose types are checked here.
     */
    public static Boolean stIntersects(Value... arguments) throws SQLException {
        requireGeographies("ST_INTERSECTS", 2, arguments);
        if (arguments[0].getValueType() == Value.NULL || arguments[1].getValueType() == Value.NULL) {
            return null;
        }
        return SphericalShapes.intersects(
                ((ValueGeometry) arguments[0]).getGeometry(), ((ValueGeometry) arguments[1]).getGeometry());
    }

    /**
     * {@code ST_XMIN(geography)}, the least longitude of the value's points
     * (https://docs.snowflake.com/en/sql-reference/functions/st_xmin); its one signature and its failures are as
     * {@link #stIntersects}'s. NULL gives NULL, and so does an empty geography, which has no points: not confirmed from
     * Snowflake's page, which was not at hand, but what PostGIS and Databricks document for their ST_XMIN.
     */
    public static @Nullable Double stXmin(Value... arguments) throws SQLException {
        Envelope envelope = envelope("ST_XMIN", arguments);
        return envelope == null ? null : envelope.getMinX();
    }

    /** {@code ST_XMAX(geography)}, the greatest longitude of the value's points, as {@link #stXmin}. */
    public static @Nullable Double stXmax(Value... arguments) throws SQLException {
        Envelope envelope = envelope("ST_XMAX", arguments);
        return envelope == null ? null : envelope.getMaxX();
    }

    /**
     * {@code ST_YMIN(geography)}, the least latitude, as {@link #stXmin}. Snowflake computes it on the sphere, a
     * GEOGRAPHY's edges being great-circle arcs (https://docs.snowflake.com/en/sql-reference/data-types-geospatial),
     * which bow towards a pole past their vertices; the fake takes the vertices' latitudes only, so its bounds of a
     * wide shape far from the equator are narrower than Snowflake's. No test relies on the bulge.
     */
    public static @Nullable Double stYmin(Value... arguments) throws SQLException {
        Envelope envelope = envelope("ST_YMIN", arguments);
        return envelope == null ? null : envelope.getMinY();
    }

    /** {@code ST_YMAX(geography)}, the greatest latitude of the value's vertices, as {@link #stYmin}. */
    public static @Nullable Double stYmax(Value... arguments) throws SQLException {
        Envelope envelope = envelope("ST_YMAX", arguments);
        return envelope == null ? null : envelope.getMaxY();
    }

    private static @Nullable Envelope envelope(String function, Value... arguments) throws SQLException {
        requireGeographies(function, 1, arguments);
        if (arguments[0].getValueType() == Value.NULL) {
            return null;
        }
        Geometry geometry = ((ValueGeometry) arguments[0]).getGeometry();
        return geometry.isEmpty() ? null : geometry.getEnvelopeInternal();
    }

    /**
     * Fails as the service fails a call no signature matches when there are not {@code count} arguments, each a
     * GEOGRAPHY or NULL.
     */
    private static void requireGeographies(String function, int count, Value... arguments) throws SQLException {
        boolean matches = arguments.length == count;
        for (Value argument : arguments) {
            matches &= argument.getValueType() == Value.NULL || argument.getValueType() == Value.GEOMETRY;
        }
        if (!matches) {
            List<String> types = new ArrayList<>();
            for (Value argument : arguments) {
                types.add(snowflakeType(argument));
            }
            throw new SQLException(
                    "SQL compilation error:\nInvalid argument types for function '" + function + "': ("
                            + String.join(", ", types) + ")",
                    "42P13",
                    1044);
        }
    }

    private static String snowflakeType(Value argument) {
        return switch (argument.getValueType()) {
            case Value.GEOMETRY -> "GEOGRAPHY";
            case Value.VARCHAR, Value.CHAR, Value.VARCHAR_IGNORECASE ->
                "VARCHAR(" + argument.getString().length() + ")";
            case Value.BOOLEAN -> "BOOLEAN";
            case Value.DOUBLE, Value.REAL, Value.DECFLOAT -> "FLOAT";
            case Value.NULL -> "NULL";
            default -> "NUMBER(38,0)";
        };
    }

    /**
     * {@code TO_DATE(text, 'YYYY-MM-DD')} (https://docs.snowflake.com/en/sql-reference/functions/to_date): the fake
     * reads only the formats the provider writes, and fails on any other rather than guess.
     */
    public static LocalDate toDate(String text, String format) {
        return LocalDate.parse(text, formatter(format, "YYYY-MM-DD", "uuuu-MM-dd"));
    }

    /** {@code TO_TIME(text, 'HH24:MI:SS.FF9')} (https://docs.snowflake.com/en/sql-reference/functions/to_time). */
    public static LocalTime toTime(String text, String format) {
        return LocalTime.parse(text, formatter(format, "HH24:MI:SS.FF9", "HH:mm:ss.SSSSSSSSS"));
    }

    /**
     * {@code TO_TIMESTAMP_NTZ(text, 'YYYY-MM-DD HH24:MI:SS.FF9')}
     * (https://docs.snowflake.com/en/sql-reference/functions/to_timestamp).
     */
    public static LocalDateTime toTimestampNtz(String text, String format) {
        return LocalDateTime.parse(
                text, formatter(format, "YYYY-MM-DD HH24:MI:SS.FF9", "uuuu-MM-dd HH:mm:ss.SSSSSSSSS"));
    }

    /**
     * {@code TO_TIMESTAMP_TZ(text, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')}: the offset written is the one kept
     * (https://docs.snowflake.com/en/sql-reference/functions/to_timestamp).
     */
    public static OffsetDateTime toTimestampTz(String text, String format) {
        return OffsetDateTime.parse(
                text, formatter(format, "YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM", "uuuu-MM-dd HH:mm:ss.SSSSSSSSS xxx"));
    }

    private static DateTimeFormatter formatter(String format, String snowflake, String java) {
        if (!format.equals(snowflake)) {
            throw new IllegalArgumentException("the fake reads only the format " + snowflake + ", not " + format);
        }
        return DateTimeFormatter.ofPattern(java, Locale.ROOT);
    }

    /**
     * {@code SYSTEM$WAIT(seconds)}: returns once the time has passed, or fails at once when the query is aborted (the
     * fake interrupts the thread running it, as the service stops a cancelled query).
     */
    public static String systemWait(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
        return "waited " + seconds + " seconds";
    }
}
