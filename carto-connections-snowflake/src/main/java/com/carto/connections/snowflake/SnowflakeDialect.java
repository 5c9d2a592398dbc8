package com.carto.connections.snowflake;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.TileQuery;
import com.carto.connections.spi.jdbc.CatalogViews;
import com.carto.connections.spi.jdbc.GeometryRead;
import com.carto.connections.spi.jdbc.JdbcDialect;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Envelope;

/**
 * Snowflake SQL and the snowflake-jdbc driver. Identifiers are quoted exactly as given (Snowflake folds unquoted names
 * to upper case, so the defaults here are upper case); strings follow Snowflake's lexical rules; write-back creates
 * transient tables (no fail-safe storage cost for scratch results).
 *
 * <p>The driver has no {@code getObject(i, LocalDate.class)} and friends, and its {@code getTime} drops fractions
 * (notes part E), so dates and times are read as text in the formats the session is given at login
 * ({@link #SESSION_FORMATS}). Geometry arrives as EWKB: the session's {@code GEOGRAPHY_OUTPUT_FORMAT} and
 * {@code GEOMETRY_OUTPUT_FORMAT} are set to it, which makes the driver type those columns BINARY.
 */
final class SnowflakeDialect implements JdbcDialect {
    static final SnowflakeDialect INSTANCE = new SnowflakeDialect();

    /** Session parameters given at login, which {@link #read} parses. */
    static final Map<String, String> SESSION_FORMATS = Map.of(
            "DATE_OUTPUT_FORMAT", "YYYY-MM-DD",
            "TIME_OUTPUT_FORMAT", "HH24:MI:SS.FF9",
            "TIMESTAMP_NTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF9",
            "TIMESTAMP_LTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM",
            "TIMESTAMP_TZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM",
            "GEOGRAPHY_OUTPUT_FORMAT", "EWKB",
            "GEOMETRY_OUTPUT_FORMAT", "EWKB");

    /** The widest piece of a tile's box written as one polygon: well under a hemisphere, so it has one inside. */
    private static final double WIDEST_PIECE_DEGREES = 120;
    /** The longitude step of a box's edges along parallels. */
    private static final double PARALLEL_STEP_DEGREES = 1;

    private static final Duration LONGEST_LOGIN = Duration.ofMinutes(1);
    private static final int GEOGRAPHY_SRID = 4326;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS", Locale.ROOT);
    private static final DateTimeFormatter LOCAL_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT);
    private static final DateTimeFormatter OFFSET_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS xxx", Locale.ROOT);
    /** The driver prints a zero offset of {@code TZH:TZM} as {@code Z} (observed with snowflake-jdbc 3.24.2). */
    private static final DateTimeFormatter OFFSET_TIMESTAMP_READ =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS XXX", Locale.ROOT);

    private static final Map<String, ColumnType> TYPES = Map.ofEntries(
            Map.entry("TIMESTAMP_NTZ", ColumnType.TIMESTAMP),
            Map.entry("TIMESTAMP_LTZ", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("TIMESTAMP_TZ", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("VARIANT", ColumnType.JSON),
            Map.entry("OBJECT", ColumnType.JSON),
            // Snowflake sends an ARRAY as JSON text, elements of any type; it is not a typed SQL array.
            Map.entry("ARRAY", ColumnType.JSON),
            Map.entry("GEOGRAPHY", ColumnType.GEOMETRY),
            Map.entry("GEOMETRY", ColumnType.GEOMETRY),
            Map.entry("TEXT", ColumnType.STRING),
            Map.entry("BINARY", ColumnType.BYTES));

    /** Snowflake's own columns: no {@code udt_name}, as {@code data_type} always names the type. */
    private static final CatalogViews VIEWS = new CatalogViews(
            "information_schema.schemata",
            "catalog_name",
            "information_schema.tables",
            "information_schema.columns",
            "table_catalog",
            "table_schema",
            Optional.empty());

    private SnowflakeDialect() {}

    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        return SnowflakeErrors.categorize(sqlState, vendorCode);
    }

    @Override
    public Optional<ColumnType> columnType(String nativeTypeName) {
        return Optional.ofNullable(TYPES.get(nativeTypeName.toUpperCase(Locale.ROOT)));
    }

    /** EWKB, whose header carries the SRID; a GEOGRAPHY is always WGS 84 (4326), whatever a value says. */
    @Override
    public GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
        GeometryRead read = GeometryRead.ewkb(quotedColumn);
        return nativeTypeName.equalsIgnoreCase("GEOGRAPHY") ? read.withSrid(GEOGRAPHY_SRID) : read;
    }

    @Override
    public @Nullable Object read(ColumnType type, ResultSet resultSet, int index) throws SQLException {
        switch (type) {
            case DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> {
                String text = resultSet.getString(index);
                return text == null ? null : temporal(type, text);
            }
            default -> {
                return JdbcDialect.super.read(type, resultSet, index);
            }
        }
    }

    private static Object temporal(ColumnType type, String text) throws SQLException {
        try {
            return switch (type) {
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP -> LocalDateTime.parse(text, LOCAL_TIMESTAMP);
                default -> OffsetDateTime.parse(text, OFFSET_TIMESTAMP_READ).withOffsetSameInstant(ZoneOffset.UTC);
            };
        } catch (DateTimeParseException e) {
            // Years past 9999 or before 1 print with more or fewer digits than the session format has.
            throw new SQLException("a " + type + " value is not in the session's output format", "22007", e);
        }
    }

    /**
     * The SQL that gives a value its Snowflake type where snowflake-jdbc cannot: the driver refuses java.time values
     * (notes part E) and has no geometry type. A date or time is sent as text and converted with an explicit format
     * (https://docs.snowflake.com/en/sql-reference/functions/to_date, {@code to_time}, {@code to_timestamp}), so
     * neither the session's input formats nor the JVM's time zone can change it: an {@code Instant},
     * {@code OffsetDateTime} or {@code ZonedDateTime} becomes a TIMESTAMP_TZ with its offset. A geometry is sent as hex
     * WKB text and built by {@code TO_GEOGRAPHY} when in WGS 84, else by {@code TO_GEOMETRY} with its SRID (both read
     * hex WKB from a VARCHAR: https://docs.snowflake.com/en/sql-reference/functions/to_geography,
     * https://docs.snowflake.com/en/sql-reference/functions/to_geometry); the SRID is written as a number from the
     * {@link Geometry}, never from text.
     */
    @Override
    public String placeholder(@Nullable Object value) {
        if (value instanceof Geometry geometry) {
            if (geometry.srid() == GEOGRAPHY_SRID) {
                return "to_geography(?)";
            }
            return geometry.srid() == Geometry.UNKNOWN_SRID
                    ? "to_geometry(?)"
                    : "to_geometry(?, " + geometry.srid() + ")";
        }
        if (value instanceof LocalDate) {
            return "to_date(?, '" + SESSION_FORMATS.get("DATE_OUTPUT_FORMAT") + "')";
        }
        if (value instanceof LocalTime) {
            return "to_time(?, '" + SESSION_FORMATS.get("TIME_OUTPUT_FORMAT") + "')";
        }
        if (value instanceof LocalDateTime) {
            return "to_timestamp_ntz(?, '" + SESSION_FORMATS.get("TIMESTAMP_NTZ_OUTPUT_FORMAT") + "')";
        }
        if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
            return "to_timestamp_tz(?, '" + SESSION_FORMATS.get("TIMESTAMP_TZ_OUTPUT_FORMAT") + "')";
        }
        return "?";
    }

    /**
     * Binds the Java types the SDK documents as the driver's own binds (FIXED, REAL, TEXT, BOOLEAN, BINARY), dates
     * and times as text in the formats {@link #placeholder} converts from, a geometry as ISO WKB in hex text; a {@code Byte}, which
     * the driver refuses, as the number it is. Any other type is refused here, naming it, rather than handed to the
     * driver's {@code setObject}, which sends some of them as text Snowflake would read as something else. A geometry
     * with Z or M coordinates is refused: Snowflake's GEOGRAPHY has no altitude and its GEOMETRY is 2D
     * (https://docs.snowflake.com/en/sql-reference/data-types-geospatial).
     */
    @Override
    public void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value == null
                || value instanceof String
                || value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Double
                || value instanceof Float
                || value instanceof BigDecimal
                || value instanceof Boolean
                || value instanceof byte[]) {
            statement.setObject(index, value);
        } else if (value instanceof Byte number) {
            statement.setShort(index, number);
        } else if (value instanceof Geometry geometry) {
            statement.setString(index, HexFormat.of().formatHex(twoDimensional(geometry)));
        } else if (value instanceof LocalDate date) {
            statement.setString(index, DATE.format(date));
        } else if (value instanceof LocalTime time) {
            statement.setString(index, TIME.format(time));
        } else if (value instanceof LocalDateTime dateTime) {
            statement.setString(index, LOCAL_TIMESTAMP.format(dateTime));
        } else if (value instanceof Instant instant) {
            statement.setString(index, OFFSET_TIMESTAMP.format(instant.atOffset(ZoneOffset.UTC)));
        } else if (value instanceof OffsetDateTime dateTime) {
            statement.setString(index, OFFSET_TIMESTAMP.format(dateTime));
        } else if (value instanceof ZonedDateTime dateTime) {
            statement.setString(index, OFFSET_TIMESTAMP.format(dateTime.toOffsetDateTime()));
        } else {
            throw new SQLException(
                    "Snowflake has no binding for a " + value.getClass().getName()
                            + "; send a String, number, Boolean, byte[], java.time value or Geometry",
                    "22023");
        }
    }

    /** ISO WKB, whose type number says Z in the 1000s, M in the 2000s, both in the 3000s. */
    private static byte[] twoDimensional(Geometry geometry) throws SQLException {
        byte[] wkb = geometry.wkb();
        int type = ByteBuffer.wrap(wkb)
                .order(wkb[0] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                .getInt(1);
        if (type / 1000 != 0) {
            throw new SQLException(
                    "is a geometry with Z or M coordinates, which Snowflake's GEOGRAPHY and GEOMETRY cannot hold; drop"
                            + " them first",
                    "22023");
        }
        return wkb;
    }

    /**
     * The rows on the tile of a GEOGRAPHY source (SRID 4326): {@code ST_INTERSECTS} of the column, left as it is so
     * that search optimization serves the predicate, and the tile's box as a constant GEOGRAPHY built by
     * {@code TO_GEOGRAPHY} from WKT (https://docs.snowflake.com/en/sql-reference/functions/st_intersects,
     * https://docs.snowflake.com/en/sql-reference/functions/to_geography). A GEOGRAPHY's edges are great-circle arcs
     * (https://docs.snowflake.com/en/sql-reference/data-types-geospatial), not parallels, so the box's north and south
     * edges are written as arcs of at most {@value #PARALLEL_STEP_DEGREES}° and moved away from the box by how far such
     * an arc bows towards the pole: the polygon holds the whole tile and a sliver more, never less. A box wider than
     * {@value #WIDEST_PIECE_DEGREES}° (zooms 0 and 1) is written as pieces, as a polygon of more than a hemisphere would
     * be read as its complement. GEOMETRY columns (any SRID) are not served yet: another SRID has no filter here.
     */
    @Override
    public Optional<String> tileFilter(TileQuery tile) {
        if (tile.srid() != GEOGRAPHY_SRID) {
            return Optional.empty();
        }
        Envelope box = tile.degrees();
        int pieces = (int) Math.ceil(box.getWidth() / WIDEST_PIECE_DEGREES);
        List<String> conditions = new ArrayList<>();
        for (int piece = 0; piece < pieces; piece++) {
            double west = box.getMinX() + box.getWidth() * piece / pieces;
            double east = piece == pieces - 1 ? box.getMaxX() : box.getMinX() + box.getWidth() * (piece + 1) / pieces;
            conditions.add("ST_INTERSECTS(" + tile.geometry() + ", TO_GEOGRAPHY('"
                    + boxPolygon(west, box.getMinY(), east, box.getMaxY()) + "'))");
        }
        return Optional.of(pieces == 1 ? conditions.get(0) : "(" + String.join(" or ", conditions) + ")");
    }

    /**
     * West, south, east and north of a GEOGRAPHY source (SRID 4326): the least {@code ST_XMIN} and {@code ST_YMIN} and
     * the greatest {@code ST_XMAX} and {@code ST_YMAX} over its rows, the smallest and largest longitude and latitude of
     * each value's points (https://docs.snowflake.com/en/sql-reference/functions/st_xmin), NULL when there is no row;
     * MIN and MAX skip NULLs. Snowflake works on the sphere, so an edge's bulge towards a pole counts in its latitudes.
     * Least and greatest longitudes never wrap across the antimeridian, as TileJSON 3.0.0's bounds must not: a source
     * straddling it gets bounds the whole width of the map, wider than it, never narrower. Any other SRID (a GEOMETRY
     * column) has no extent here, and its TileJSON covers the world.
     */
    @Override
    public Optional<String> extentInDegrees(String source, String geometry, int srid) {
        if (srid != GEOGRAPHY_SRID) {
            return Optional.empty();
        }
        // The source ends its own line, so that a trailing -- or // comment in it cannot swallow what follows.
        return Optional.of("select min(ST_XMIN(" + geometry + ")), min(ST_YMIN(" + geometry + ")), max(ST_XMAX("
                + geometry + ")), max(ST_YMAX(" + geometry + ")) from (" + source + "\n) extent_source");
    }

    /**
     * {@code BITAND(expr1, expr2)}: Snowflake has no {@code &} operator
     * (https://docs.snowflake.com/en/sql-reference/functions/bitand).
     */
    @Override
    public Optional<String> bitwiseAnd(String integer, long mask) {
        return Optional.of("BITAND(" + integer + ", " + mask + ")");
    }

    /** A GEOGRAPHY column is read as it is (EWKB, EPSG:4326); any other SRID has no filter here. */
    @Override
    public Optional<TileGeometrySql> tileGeometry(TileQuery tile) {
        return tile.srid() == GEOGRAPHY_SRID
                ? Optional.of(new TileGeometrySql(tile.geometry(), GEOGRAPHY_SRID))
                : Optional.empty();
    }

    /** WKT of a polygon holding the box whose edges follow meridians and parallels, its edges great-circle arcs. */
    static String boxPolygon(double west, double south, double east, double north) {
        int steps = Math.max(1, (int) Math.ceil((east - west) / PARALLEL_STEP_DEGREES));
        double step = (east - west) / steps;
        // An arc between two points of a parallel bows towards the pole; where that is into the box, the edge moves
        // out.
        double northEdge = north < 0 ? Math.min(90, north + bow(north, step)) : north;
        double southEdge = south > 0 ? Math.max(-90, south - bow(south, step)) : south;
        StringBuilder wkt = new StringBuilder("POLYGON((");
        for (int index = 0; index <= steps; index++) {
            wkt.append(number(west + step * index))
                    .append(' ')
                    .append(number(southEdge))
                    .append(", ");
        }
        for (int index = steps; index >= 0; index--) {
            wkt.append(number(west + step * index))
                    .append(' ')
                    .append(number(northEdge))
                    .append(", ");
        }
        return wkt.append(number(west))
                .append(' ')
                .append(number(southEdge))
                .append("))")
                .toString();
    }

    /**
     * How far, in degrees of latitude, the great-circle arc between two points of the parallel {@code latitude} that
     * are {@code width} degrees apart bows towards the pole at its middle ({@code tan φm = tan φ / cos(Δλ/2)}), with
     * a margin for rounding.
     */
    private static double bow(double latitude, double width) {
        double phi = Math.toRadians(Math.abs(latitude));
        double middle = Math.atan(Math.tan(phi) / Math.cos(Math.toRadians(width) / 2));
        return Math.toDegrees(middle - phi) * 1.01 + 1e-9;
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a tile's box is finite");
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    @Override
    public LexicalRules lexicalRules() {
        return LexicalRules.SNOWFLAKE;
    }

    @Override
    public String createTableAs(String qualifiedTable, String sql) {
        // The query ends its own line, so that a trailing -- or // comment in it cannot swallow anything after it.
        return "create transient table " + qualifiedTable + " as " + sql + "\n";
    }

    @Override
    public CatalogViews catalogViews() {
        return VIEWS;
    }

    @Override
    public Optional<String> spatialProbe() {
        return Optional.of("select to_geography('POINT(0 0)')");
    }

    @Override
    public String spatialHint() {
        return "GEOGRAPHY is built into every Snowflake account; check that the user's role may run functions";
    }

    /**
     * The driver retries a failing login until {@code loginTimeout} (300 s by default: notes B.6-4), also on a pool's
     * background thread after the borrower gave up: at most a minute, however long the connection's queryTimeout.
     */
    @Override
    public Map<String, String> connectTimeoutProperties(Duration deadline) {
        Duration bounded = deadline.compareTo(LONGEST_LOGIN) < 0 ? deadline : LONGEST_LOGIN;
        return Map.of("loginTimeout", Integer.toString(JdbcDialect.wholeSeconds(bounded)));
    }

    @Override
    public String defaultTempLocation() {
        return "CARTO_TEMP";
    }

    @Override
    public String defaultAnalyticsToolboxLocation() {
        return "CARTO.CARTO";
    }
}
