package com.carto.connections.spi.jdbc;

import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Maps JDBC type codes and common SQL type names to normalized types, and each type to a reader. */
final class JdbcTypes {
    private static final Map<String, ColumnType> BY_NAME = Map.ofEntries(
            Map.entry("smallint", ColumnType.INTEGER),
            Map.entry("integer", ColumnType.INTEGER),
            Map.entry("int", ColumnType.INTEGER),
            Map.entry("bigint", ColumnType.INTEGER),
            Map.entry("int2", ColumnType.INTEGER),
            Map.entry("int4", ColumnType.INTEGER),
            Map.entry("int8", ColumnType.INTEGER),
            Map.entry("numeric", ColumnType.DECIMAL),
            Map.entry("decimal", ColumnType.DECIMAL),
            // Snowflake's and Oracle's catalogs name every exact number so, whatever its scale.
            Map.entry("number", ColumnType.DECIMAL),
            Map.entry("real", ColumnType.FLOAT),
            Map.entry("float", ColumnType.FLOAT),
            Map.entry("float4", ColumnType.FLOAT),
            Map.entry("float8", ColumnType.FLOAT),
            Map.entry("double precision", ColumnType.FLOAT),
            Map.entry("boolean", ColumnType.BOOLEAN),
            Map.entry("bool", ColumnType.BOOLEAN),
            Map.entry("date", ColumnType.DATE),
            Map.entry("time", ColumnType.TIME),
            Map.entry("time without time zone", ColumnType.TIME),
            Map.entry("timestamp", ColumnType.TIMESTAMP),
            Map.entry("timestamp without time zone", ColumnType.TIMESTAMP),
            Map.entry("timestamptz", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("timestamp with time zone", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("bytea", ColumnType.BYTES),
            Map.entry("binary", ColumnType.BYTES),
            Map.entry("varbinary", ColumnType.BYTES),
            Map.entry("json", ColumnType.JSON),
            Map.entry("jsonb", ColumnType.JSON),
            Map.entry("array", ColumnType.ARRAY),
            Map.entry("geometry", ColumnType.GEOMETRY),
            Map.entry("geography", ColumnType.GEOMETRY));

    private static final long MICROSECONDS_PER_DAY = 86_400_000_000L;

    private JdbcTypes() {}

    /** The columns of a result or description as the driver's metadata reports them, normalized by the dialect. */
    static List<Column> columns(JdbcDialect dialect, ResultSetMetaData metadata) throws SQLException {
        int count = metadata.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        for (int index = 1; index <= count; index++) {
            String nativeType = metadata.getColumnTypeName(index);
            ColumnType type = fromJdbc(dialect, metadata.getColumnType(index), nativeType);
            if (type == ColumnType.DECIMAL) {
                type = dialect.numericType(nativeType, metadata.getPrecision(index), metadata.getScale(index))
                        .orElse(type);
            }
            columns.add(new Column(metadata.getColumnLabel(index), type, nativeType));
        }
        return columns;
    }

    /** The normalized type of a type name, as {@code information_schema} or the driver spells it. */
    static ColumnType fromName(JdbcDialect dialect, String nativeTypeName) {
        Optional<ColumnType> own = dialect.columnType(nativeTypeName);
        if (own.isPresent()) {
            return own.get();
        }
        String name = nativeTypeName.toLowerCase(Locale.ROOT);
        if (name.startsWith("_") || name.endsWith("[]")) {
            return ColumnType.ARRAY;
        }
        return BY_NAME.getOrDefault(name, ColumnType.STRING);
    }

    /** The normalized type of a result column; the dialect's knowledge of the name wins over the type code. */
    static ColumnType fromJdbc(JdbcDialect dialect, int jdbcType, String nativeTypeName) {
        Optional<ColumnType> own = dialect.columnType(nativeTypeName);
        if (own.isPresent()) {
            return own.get();
        }
        switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT:
                return ColumnType.INTEGER;
            case Types.NUMERIC, Types.DECIMAL:
                return ColumnType.DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE:
                return ColumnType.FLOAT;
            case Types.BIT, Types.BOOLEAN:
                return ColumnType.BOOLEAN;
            case Types.DATE:
                return ColumnType.DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE:
                return ColumnType.TIME;
            case Types.TIMESTAMP:
                return ColumnType.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return ColumnType.TIMESTAMP_WITH_TIME_ZONE;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                return ColumnType.BYTES;
            case Types.ARRAY:
                return ColumnType.ARRAY;
            case Types.STRUCT:
                return ColumnType.STRUCT;
            default:
                return fromName(dialect, nativeTypeName);
        }
    }

    /**
     * Reads one column of the current row as its normalized Java value. One switch rather than a reader object per
     * column: the call site stays monomorphic and the driver's getters inline, which shows at millions of rows.
     */
    static @Nullable Object read(ColumnType type, ResultSet resultSet, int index) throws SQLException {
        switch (type) {
            case INTEGER: {
                long value = resultSet.getLong(index);
                return value == 0 && resultSet.wasNull() ? null : value;
            }
            case FLOAT: {
                double value = resultSet.getDouble(index);
                return value == 0 && resultSet.wasNull() ? null : value;
            }
            case BOOLEAN: {
                boolean value = resultSet.getBoolean(index);
                return (!value && resultSet.wasNull()) ? null : value;
            }
            case DECIMAL:
                return decimal(resultSet, index);
            case DATE:
                return resultSet.getObject(index, LocalDate.class);
            case TIME:
                return time(resultSet, index);
            case TIMESTAMP:
                return resultSet.getObject(index, LocalDateTime.class);
            case TIMESTAMP_WITH_TIME_ZONE: {
                OffsetDateTime value = resultSet.getObject(index, OffsetDateTime.class);
                if (value == null) {
                    return null;
                }
                // pgjdbc's ±infinity sentinels sit at -18:00 and +18:00, where no UTC instant can follow them: keep
                // them as the local extremes at UTC, which the writers spell "infinity" and "-infinity".
                if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
                    return value.toLocalDateTime().atOffset(ZoneOffset.UTC);
                }
                return value.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case BYTES:
                return resultSet.getBytes(index);
            case GEOMETRY:
                return geometry(resultSet, index, GeometryColumn.EWKB);
            case ARRAY: {
                Array array = resultSet.getArray(index);
                if (array == null) {
                    return null;
                }
                String element = String.valueOf(array.getBaseTypeName());
                try {
                    return toList(array.getArray(), element);
                } catch (SQLException refused) {
                    if (element.equals("numeric")) {
                        return numericList(resultSet.getString(index), refused);
                    }
                    throw refused;
                }
            }
            case STRING, JSON, STRUCT:
                return resultSet.getString(index);
        }
        throw new AssertionError(type);
    }

    /**
     * A time of day, or {@link LocalTime#MAX} for PostgreSQL's {@code 24:00}, which {@link LocalTime} cannot hold and
     * pgjdbc's binary decoding fails on with a raw {@link DateTimeException}. No other PostgreSQL time comes that
     * close to midnight (times have microseconds), so the writers spell {@code LocalTime.MAX} as {@code 24:00:00}.
     */
    private static @Nullable LocalTime time(ResultSet resultSet, int index) throws SQLException {
        try {
            return resultSet.getObject(index, LocalTime.class);
        } catch (DateTimeException | SQLException refused) {
            // Text transfer gives "24:00:00"; binary gives microseconds since midnight, which getString cannot
            // convert either.
            byte[] raw = resultSet.getBytes(index);
            boolean midnight = raw != null
                    && (raw.length == Long.BYTES
                            ? ByteBuffer.wrap(raw).getLong() == MICROSECONDS_PER_DAY
                            : new String(raw, StandardCharsets.US_ASCII).startsWith("24:00"));
            if (midnight) {
                return LocalTime.MAX;
            }
            throw refused;
        }
    }

    /**
     * A {@code timetz} value as PostgreSQL prints it ({@code 12:34:56.789+05:30}, {@code 24:00:00+00}). pgjdbc's
     * binary decoding moves the time into the JVM's zone and fails on {@code 24:00} with a raw
     * {@link DateTimeException}, so binary values are spelled here from their bytes: microseconds since midnight,
     * then the zone's seconds west of UTC. Text values (never 12 bytes long, and starting with a digit) pass as sent.
     */
    static @Nullable String timeWithTimeZone(ResultSet resultSet, int index) throws SQLException {
        byte[] raw = resultSet.getBytes(index);
        if (raw == null) {
            return null;
        }
        if (raw.length != Long.BYTES + Integer.BYTES || raw[0] != 0) {
            return new String(raw, StandardCharsets.UTF_8);
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        long micros = buffer.getLong();
        int east = -buffer.getInt();
        StringBuilder text = new StringBuilder(24);
        text.append(String.format(
                Locale.ROOT,
                "%02d:%02d:%02d",
                micros / 3_600_000_000L,
                micros / 60_000_000 % 60,
                micros / 1_000_000 % 60));
        long fraction = micros % 1_000_000;
        if (fraction != 0) {
            String digits = String.format(Locale.ROOT, "%06d", fraction);
            text.append('.').append(digits.replaceFirst("0+$", ""));
        }
        int seconds = Math.abs(east);
        text.append(east < 0 ? '-' : '+').append(String.format(Locale.ROOT, "%02d", seconds / 3600));
        if (seconds % 3600 != 0) {
            text.append(String.format(Locale.ROOT, ":%02d", seconds % 3600 / 60));
        }
        if (seconds % 60 != 0) {
            text.append(String.format(Locale.ROOT, ":%02d", seconds % 60));
        }
        return text.toString();
    }

    /** Whether a STRING column holds {@code timetz} values, read by {@link #timeWithTimeZone}. */
    static boolean isTimeWithTimeZone(String nativeTypeName) {
        String name = nativeTypeName.toLowerCase(Locale.ROOT);
        return name.equals("timetz") || name.equals("time with time zone");
    }

    /**
     * A {@code real}/{@code float4} value as the double with the float's own shortest digits ({@code 1.1}, as
     * PostgreSQL prints it), not the widened 1.100000023841858; null for SQL NULL.
     */
    static @Nullable Object singlePrecision(ResultSet resultSet, int index) throws SQLException {
        float value = resultSet.getFloat(index);
        return value == 0 && resultSet.wasNull() ? null : widen(value);
    }

    /** Whether a FLOAT column holds single-precision values, whose digits {@link #singlePrecision} keeps. */
    static boolean isSinglePrecision(String nativeTypeName) {
        String name = nativeTypeName.toLowerCase(Locale.ROOT);
        return name.equals("float4") || name.equals("real");
    }

    private static double widen(float value) {
        // Schubfach's shortest digits: JDK 17's Float.toString sometimes gives more (JDK-4511638).
        return Float.isFinite(value) ? Double.parseDouble(NumberOutput.toString(value, true)) : value;
    }

    /**
     * An exact decimal, or a {@link Double} for PostgreSQL's numeric {@code NaN}, {@code Infinity} and
     * {@code -Infinity}, which {@link BigDecimal} cannot hold and the driver refuses to convert.
     */
    private static @Nullable Object decimal(ResultSet resultSet, int index) throws SQLException {
        try {
            return resultSet.getBigDecimal(index);
        } catch (SQLException refused) {
            String text = resultSet.getString(index);
            if (text == null) {
                throw refused;
            }
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    throw refused;
            }
        }
    }

    /** Reads a geometry value in its column's encoding, with the SRID the value carries or the column gives. */
    static @Nullable Geometry geometry(ResultSet resultSet, int index, GeometryColumn column) throws SQLException {
        switch (column.encoding()) {
            case EWKB: {
                byte[] ewkb = resultSet.getBytes(index);
                if (ewkb == null) {
                    return null;
                }
                Geometry geometry = Geometry.ofEwkb(ewkb);
                return geometry.srid() != Geometry.UNKNOWN_SRID
                        ? geometry
                        : withSrid(geometry, srid(resultSet, column));
            }
            case WKB: {
                byte[] wkb = resultSet.getBytes(index);
                return wkb == null ? null : Geometry.ofWkb(wkb, srid(resultSet, column));
            }
            case WKT: {
                String wkt = resultSet.getString(index);
                return wkt == null ? null : ewkt(wkt, resultSet, column);
            }
            case GEOJSON: {
                String geoJson = resultSet.getString(index);
                return geoJson == null ? null : Geometry.ofGeoJson(geoJson, srid(resultSet, column));
            }
        }
        throw new AssertionError(column.encoding());
    }

    /** Well-known text, or extended WKT whose {@code SRID=n;} prefix gives the SRID. */
    private static Geometry ewkt(String text, ResultSet resultSet, GeometryColumn column) throws SQLException {
        if (text.regionMatches(true, 0, "SRID=", 0, 5) && text.indexOf(';') > 5) {
            int separator = text.indexOf(';');
            try {
                return Geometry.ofWkt(
                        text.substring(separator + 1),
                        Integer.parseInt(text.substring(5, separator).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not extended well-known text: the SRID is not a number");
            }
        }
        return Geometry.ofWkt(text, srid(resultSet, column));
    }

    private static int srid(ResultSet resultSet, GeometryColumn column) throws SQLException {
        if (column.sridIndex() > 0) {
            int srid = resultSet.getInt(column.sridIndex());
            if (!resultSet.wasNull()) {
                return srid;
            }
        }
        return column.srid();
    }

    private static Geometry withSrid(Geometry geometry, int srid) {
        return srid == geometry.srid() ? geometry : Geometry.ofWkb(geometry.wkb(), srid);
    }

    // pgjdbc's java.sql.Date and Timestamp for PostgreSQL's ±infinity (PGStatement.DATE_POSITIVE_INFINITY, …):
    // core knows no driver, so the values are spelled here.
    private static final long POSITIVE_INFINITY_MILLIS = 9223372036825200000L;
    private static final long NEGATIVE_INFINITY_MILLIS = -9223372036832400000L;
    private static final long POSITIVE_SMALLER_INFINITY_MILLIS = 185543533774800000L;
    private static final long NEGATIVE_SMALLER_INFINITY_MILLIS = -185543533774800000L;

    /**
     * A one-dimensional numeric array the driver refused to convert because it holds {@code NaN} or an infinity:
     * read from its text, {@code {1.5,NaN,NULL}}, with the special values as {@link Double}s as in a DECIMAL column.
     */
    private static List<Object> numericList(@Nullable String text, SQLException refused) throws SQLException {
        if (text == null || !text.startsWith("{") || !text.endsWith("}") || text.indexOf('{', 1) >= 0) {
            throw refused;
        }
        List<Object> values = new ArrayList<>();
        String inside = text.substring(1, text.length() - 1);
        if (inside.isEmpty()) {
            return List.of();
        }
        for (String element : inside.split(",", -1)) {
            switch (element) {
                case "NULL" -> values.add(null);
                case "NaN" -> values.add(Double.NaN);
                case "Infinity" -> values.add(Double.POSITIVE_INFINITY);
                case "-Infinity" -> values.add(Double.NEGATIVE_INFINITY);
                default -> values.add(new BigDecimal(element));
            }
        }
        return Collections.unmodifiableList(values);
    }

    private static List<Object> toList(Object array, String element) {
        if (array instanceof Object[] objects) {
            List<Object> values = new ArrayList<>(objects.length);
            for (Object value : objects) {
                values.add(normalize(value, element));
            }
            return Collections.unmodifiableList(values);
        }
        if (array instanceof int[] ints) {
            return Arrays.stream(ints).mapToObj(value -> (Object) (long) value).toList();
        }
        if (array instanceof long[] longs) {
            return Arrays.stream(longs).mapToObj(value -> (Object) value).toList();
        }
        if (array instanceof double[] doubles) {
            return Arrays.stream(doubles).mapToObj(value -> (Object) value).toList();
        }
        throw new IllegalStateException(
                "unexpected array class " + array.getClass().getName());
    }

    /**
     * An array element as the value a column of its type would give: infinities as the same sentinels, a
     * {@code timestamptz} as an {@link OffsetDateTime} in UTC, time {@code 24:00} as {@link LocalTime#MAX}, a
     * PostGIS geometry as a {@link Geometry}.
     */
    private static @Nullable Object normalize(@Nullable Object value, String element) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            return widen(number);
        }
        if (value instanceof Object[]) {
            return toList(value, element);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            LocalDateTime local = timestamp.getTime() == POSITIVE_INFINITY_MILLIS
                    ? LocalDateTime.MAX
                    : timestamp.getTime() == NEGATIVE_INFINITY_MILLIS ? LocalDateTime.MIN : null;
            boolean withZone = element.equals("timestamptz");
            if (local != null) {
                return withZone ? local.atOffset(ZoneOffset.UTC) : local;
            }
            return withZone ? timestamp.toInstant().atOffset(ZoneOffset.UTC) : timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            long millis = date.getTime();
            if (millis == POSITIVE_INFINITY_MILLIS || millis == POSITIVE_SMALLER_INFINITY_MILLIS) {
                return LocalDate.MAX;
            }
            if (millis == NEGATIVE_INFINITY_MILLIS || millis == NEGATIVE_SMALLER_INFINITY_MILLIS) {
                return LocalDate.MIN;
            }
            return date.toLocalDate();
        }
        if (value != null && (element.equals("geometry") || element.equals("geography"))) {
            // PostGIS sends array elements as hex EWKB text.
            return Geometry.ofEwkb(HexFormat.of().parseHex(value.toString()));
        }
        if (value instanceof java.sql.Time time) {
            // 24:00 arrives as midnight of the next day, which toLocalTime folds back to 00:00.
            boolean nextDay = Instant.ofEpochMilli(time.getTime())
                            .atZone(ZoneId.systemDefault())
                            .getDayOfMonth()
                    == 2;
            return nextDay ? LocalTime.MAX : time.toLocalTime();
        }
        if (value instanceof BigDecimal
                || value instanceof Long
                || value instanceof Double
                || value instanceof String
                || value instanceof Boolean
                || value instanceof byte[]
                || value == null) {
            return value;
        }
        return value.toString();
    }
}
