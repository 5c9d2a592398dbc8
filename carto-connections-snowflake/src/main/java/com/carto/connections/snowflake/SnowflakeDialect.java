package com.carto.connections.snowflake;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.jdbc.CatalogViews;
import com.carto.connections.spi.jdbc.GeometryRead;
import com.carto.connections.spi.jdbc.JdbcDialect;
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
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

    private static final Duration LONGEST_LOGIN = Duration.ofMinutes(1);
    private static final DateTimeFormatter LOCAL_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT);
    private static final DateTimeFormatter OFFSET_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS xxx", Locale.ROOT);

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
        return nativeTypeName.equalsIgnoreCase("GEOGRAPHY") ? read.withSrid(4326) : read;
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
                default -> OffsetDateTime.parse(text, OFFSET_TIMESTAMP).withOffsetSameInstant(ZoneOffset.UTC);
            };
        } catch (DateTimeParseException e) {
            // Years past 9999 or before 1 print with more or fewer digits than the session format has.
            throw new SQLException("a " + type + " value is not in the session's output format", "22007", e);
        }
    }

    /**
     * The driver refuses java.time values in {@code setObject} (notes part E): they are bound as ISO text, which
     * Snowflake casts to the type the statement expects. A {@link Geometry} is bound as hex WKB text, which the SQL
     * turns into a value with {@code TO_GEOGRAPHY(?)} or {@code TO_GEOMETRY(?, srid)} (both read hex WKB:
     * https://docs.snowflake.com/en/sql-reference/functions/to_geography), losing no digit to a text format.
     */
    @Override
    public void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value instanceof Geometry geometry) {
            statement.setString(index, HexFormat.of().formatHex(geometry.wkb()));
        } else if (value instanceof LocalDate || value instanceof LocalTime || value instanceof OffsetDateTime) {
            statement.setString(index, value.toString());
        } else if (value instanceof LocalDateTime dateTime) {
            statement.setString(index, dateTime.toString().replace('T', ' '));
        } else if (value instanceof Instant instant) {
            statement.setString(index, instant.atOffset(ZoneOffset.UTC).toString());
        } else {
            statement.setObject(index, value);
        }
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
