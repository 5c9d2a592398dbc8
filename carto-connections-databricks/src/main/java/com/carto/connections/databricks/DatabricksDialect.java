package com.carto.connections.databricks;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.query.Query;
import com.carto.connections.spi.TileQuery;
import com.carto.connections.spi.jdbc.CatalogViews;
import com.carto.connections.spi.jdbc.GeometryRead;
import com.carto.connections.spi.jdbc.JdbcDialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Databricks SQL: identifiers between backticks, {@code LIMIT}, Spark's lexical rules, the Unity Catalog's
 * {@code information_schema} of the current catalog for the catalog, and errors classified by {@link
 * DatabricksErrors}. Stateless and thread-safe.
 */
final class DatabricksDialect implements JdbcDialect {
    static final DatabricksDialect INSTANCE = new DatabricksDialect();

    /**
     * Spark SQL: {@code '…'} and {@code "…"} are both string literals, a backslash escapes in them, {@code `…`} quotes
     * an identifier, and bracketed comments nest (docs.databricks.com/sql/language-manual/sql-ref-literals.html,
     * sql-ref-identifiers.html). Raw strings ({@code r'…'}, where a backslash is a character) are not modelled.
     */
    private static final LexicalRules LEXICAL_RULES = LexicalRules.of(
            LexicalRules.Feature.BACKSLASH_ESCAPES,
            LexicalRules.Feature.DOUBLE_QUOTED_STRINGS,
            LexicalRules.Feature.BACKTICK_IDENTIFIERS,
            LexicalRules.Feature.NESTED_BLOCK_COMMENTS);

    /**
     * The Unity Catalog's {@code information_schema} of the current catalog (docs.databricks.com/sql/language-manual/
     * sql-ref-information-schema.html): its {@code data_type} names every type, so no user-defined-type column.
     */
    private static final CatalogViews UNITY_CATALOG = new CatalogViews(
            "information_schema.schemata",
            "catalog_name",
            "information_schema.tables",
            "information_schema.columns",
            "table_catalog",
            "table_schema",
            Optional.empty());

    static final Duration SHORTEST_SOCKET_TIMEOUT = Duration.ofSeconds(30);

    /** The only SRID of a Databricks GEOGRAPHY (docs.databricks.com/sql/language-manual/data-types/geography-type). */
    static final int GEOGRAPHY_SRID = 4326;

    /** A type's SRID as {@code DESCRIBE QUERY} writes it: {@code geometry(4326)}; {@code geometry(any)} has none. */
    private static final Pattern TYPE_SRID = Pattern.compile("\\w+\\s*\\(\\s*(\\d+)\\s*\\)");

    /** The first words of a statement that {@code DESCRIBE QUERY} takes, after any opening parentheses. */
    private static final Pattern QUERY_START = Pattern.compile("(?is)[(\\s]*(select|with|values|table|from)\\b.*");

    private DatabricksDialect() {}

    @Override
    public CatalogViews catalogViews() {
        return UNITY_CATALOG;
    }

    /** A backtick inside a name doubles, as Databricks SQL writes it; any other text is one name between backticks. */
    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must be non-empty and hold no NUL character");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public LexicalRules lexicalRules() {
        return LEXICAL_RULES;
    }

    @Override
    public String limit(String sql, long rows) {
        return "select * from (" + sql + "\n) limited_query limit " + rows;
    }

    /**
     * Binds through the setters databricks-jdbc 3.0.1 sends as typed parameters of the statement execution API (notes
     * part E: its {@code setObject} refuses {@code BigDecimal}, {@code Boolean} and {@code byte[]}, {@code setBytes} is
     * refused, {@code setDate} is sent as a TIMESTAMP). Bytes, geometries (ISO WKB), dates and timestamps travel as
     * text that their {@link #placeholder} casts in SQL; a float as the double of its own shortest digits. Databricks SQL has no TIME
     * type, so a {@code LocalTime} is refused rather than changed.
     */
    @Override
    public void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            statement.setLong(index, ((Number) value).longValue());
        } else if (value instanceof Double number) {
            statement.setDouble(index, number);
        } else if (value instanceof Float number) {
            statement.setDouble(index, Double.parseDouble(Float.toString(number)));
        } else if (value instanceof BigDecimal decimal) {
            statement.setBigDecimal(index, decimal);
        } else if (value instanceof Boolean bool) {
            statement.setBoolean(index, bool);
        } else if (value instanceof byte[] bytes) {
            statement.setString(index, HexFormat.of().formatHex(bytes));
        } else if (value instanceof Geometry geometry) {
            statement.setString(index, HexFormat.of().formatHex(geometry.wkb()));
        } else if (value instanceof LocalDate date) {
            statement.setString(index, date.toString());
        } else if (value instanceof LocalDateTime local) {
            statement.setString(index, local.toString());
        } else if (value instanceof Instant instant) {
            statement.setString(index, instant.toString());
        } else if (value instanceof OffsetDateTime offset) {
            statement.setString(index, offset.toInstant().toString());
        } else if (value instanceof ZonedDateTime zoned) {
            statement.setString(index, zoned.toInstant().toString());
        } else if (value instanceof LocalTime) {
            throw new SQLFeatureNotSupportedException("Databricks SQL has no TIME type; send a string or a timestamp");
        } else {
            throw new SQLFeatureNotSupportedException("Databricks takes no parameter of this type");
        }
    }

    /**
     * The casts that give the text {@link #bind} sends for bytes, dates and timestamps its SQL type; a geometry's WKB
     * (hex) becomes a {@code GEOMETRY(srid)} through {@code st_geomfromwkb} with its SRID as a constant, which types the
     * result {@code GEOMETRY(srid)}, a type a table can hold, where a per-value SRID would give {@code GEOMETRY(ANY)},
     * which none can (docs.databricks.com/sql/language-manual/functions/st_geomfromwkb, data-types/geometry-type).
     */
    @Override
    public String placeholder(@Nullable Object value) {
        if (value instanceof Geometry geometry) {
            return "st_geomfromwkb(unhex(?), " + geometry.srid() + ")";
        } else if (value instanceof byte[]) {
            return "unhex(?)";
        } else if (value instanceof LocalDate) {
            return "cast(? as date)";
        } else if (value instanceof LocalDateTime) {
            return "cast(? as timestamp_ntz)";
        } else if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
            return "cast(? as timestamp)";
        }
        return "?";
    }

    /**
     * Databricks SQL's type names, as {@code DESCRIBE QUERY} and {@code information_schema} write them, e.g.
     * {@code decimal(10,3)}, {@code timestamp_ntz}, {@code geometry(4326)}
     * (docs.databricks.com/sql/language-manual/sql-ref-datatypes.html): TIMESTAMP is an instant, TIMESTAMP_NTZ a local
     * date-time. Complex types are left to the driver's type code.
     */
    @Override
    public Optional<ColumnType> columnType(String nativeTypeName) {
        String name = nativeTypeName.strip().toLowerCase(Locale.ROOT);
        int parameters = name.indexOf('(') >= 0 ? name.indexOf('(') : name.indexOf('<');
        String base = (parameters >= 0 ? name.substring(0, parameters) : name).strip();
        ColumnType type = switch (base) {
            case "tinyint", "byte", "smallint", "short", "int", "integer", "bigint", "long" -> ColumnType.INTEGER;
            case "decimal", "dec", "numeric" -> ColumnType.DECIMAL;
            case "float", "real", "double" -> ColumnType.FLOAT;
            case "boolean" -> ColumnType.BOOLEAN;
            case "string", "varchar", "char" -> ColumnType.STRING;
            case "binary" -> ColumnType.BYTES;
            case "date" -> ColumnType.DATE;
            case "timestamp", "timestamp_ltz" -> ColumnType.TIMESTAMP_WITH_TIME_ZONE;
            case "timestamp_ntz" -> ColumnType.TIMESTAMP;
            case "geometry", "geography" -> ColumnType.GEOMETRY;
            // ARRAY, MAP, STRUCT, VARIANT: typed as before, by the driver's type code (nothing offline reads them).
            default -> null;
        };
        return Optional.ofNullable(type);
    }

    /**
     * Describes a query with {@code DESCRIBE QUERY} on a statement of its own, reading {@code col_name} and
     * {@code data_type} as text: databricks-jdbc 3.0.1's {@code getMetaData()} runs the same command but fails on a
     * GEOMETRY or GEOGRAPHY column ({@code DatabricksTypeUtil.getColumnType}: "Unknown column type"), and it reports
     * TIMESTAMP_NTZ as TIMESTAMP (notes part E). Nothing is bound to a DESCRIBE: each {@code ?} is written as
     * {@code null}, inside the dialect's placeholders, which type it (a geometry stays {@code GEOMETRY(srid)}); a bare
     * mark describes as {@code void}, whose type only the execution tells. A statement that is not a query (DESCRIBE
     * QUERY takes none) runs undescribed, as the driver's own {@code getMetaData()} returns nothing for it.
     */
    @Override
    public Optional<List<Column>> describe(PreparedStatement statement, String sql, List<@Nullable Object> parameters)
            throws SQLException {
        if (!QUERY_START.matcher(withoutLeadingComments(sql)).matches()) {
            return Optional.empty();
        }
        String unbound = Query.sql(sql)
                .params(parameters.toArray())
                .withPlaceholders(LEXICAL_RULES, value -> "null")
                .sql();
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement describe = statement.getConnection().prepareStatement("describe query " + unbound);
                ResultSet rows = describe.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString("col_name");
                String type = rows.getString("data_type");
                if (name == null || type == null) {
                    throw new SQLException("DESCRIBE QUERY returned a column without a name or type", "XX000");
                }
                columns.add(new Column(name, columnType(type).orElse(ColumnType.STRING), type));
            }
        }
        return Optional.of(columns);
    }

    /** The SQL after any comments and white space it starts with; bracketed comments nest in Spark SQL. */
    private static String withoutLeadingComments(String sql) {
        int index = 0;
        while (index < sql.length()) {
            if (Character.isWhitespace(sql.charAt(index))) {
                index++;
            } else if (sql.startsWith("--", index)) {
                int end = sql.indexOf('\n', index);
                index = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", index)) {
                int depth = 0;
                do {
                    if (sql.startsWith("/*", index)) {
                        depth++;
                        index += 2;
                    } else if (sql.startsWith("*/", index)) {
                        depth--;
                        index += 2;
                    } else {
                        index++;
                    }
                } while (depth > 0 && index < sql.length());
            } else {
                break;
            }
        }
        return sql.substring(index);
    }

    /**
     * A timestamp column takes its type from the description: databricks-jdbc 3.0.1 reports TIMESTAMP_NTZ (a local
     * date-time) and TIMESTAMP (an instant) alike as TIMESTAMP, which {@link #columnType} takes for an instant, and
     * {@code DESCRIBE QUERY} tells them apart.
     */
    @Override
    public Column resultColumn(Column described, Column reported) {
        return isTimestamp(described) && isTimestamp(reported) ? described : reported;
    }

    private static boolean isTimestamp(Column column) {
        return column.type() == ColumnType.TIMESTAMP || column.type() == ColumnType.TIMESTAMP_WITH_TIME_ZONE;
    }

    /**
     * Timestamps through {@code getTimestamp}: 3.0.1's {@code getObject(i, LocalDateTime.class)} and
     * {@code getObject(i, OffsetDateTime.class)} return a String. Its {@code Timestamp} is the instant of a TIMESTAMP,
     * and of a TIMESTAMP_NTZ the local date-time read as UTC (seen against the fake: "2024-02-29T12:34:56.123" became
     * the instant 2024-02-29T12:34:56.123Z whatever the JVM's time zone), so both are taken at UTC.
     */
    @Override
    public @Nullable Object read(ColumnType type, ResultSet resultSet, int index) throws SQLException {
        if (type == ColumnType.TIMESTAMP || type == ColumnType.TIMESTAMP_WITH_TIME_ZONE) {
            Timestamp value = resultSet.getTimestamp(index);
            if (value == null) {
                return null;
            }
            OffsetDateTime utc = value.toInstant().atOffset(ZoneOffset.UTC);
            return type == ColumnType.TIMESTAMP ? utc.toLocalDateTime() : utc;
        }
        return JdbcDialect.super.read(type, resultSet, index);
    }

    /**
     * A GEOMETRY as EWKB through {@code st_asewkb} (its SRID in each value; docs.databricks.com/sql/language-manual/
     * functions/st_asewkb, which takes GEOMETRY only), a GEOGRAPHY as WKB through {@code st_asbinary} with the SRID of
     * its type, always 4326: the driver cannot read either type itself (notes part E).
     */
    @Override
    public GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
        OptionalInt srid = sridOf(nativeTypeName);
        if (nativeTypeName.strip().toLowerCase(Locale.ROOT).startsWith("geography")) {
            return GeometryRead.wkb("st_asbinary(" + quotedColumn + ")").withSrid(srid.orElse(GEOGRAPHY_SRID));
        }
        GeometryRead read = GeometryRead.ewkb("st_asewkb(" + quotedColumn + ")");
        return srid.isPresent() ? read.withSrid(srid.getAsInt()) : read;
    }

    private static OptionalInt sridOf(String nativeTypeName) {
        Matcher matcher = TYPE_SRID.matcher(nativeTypeName.strip());
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    @Override
    public Optional<String> tileFilter(TileQuery tile) {
        return DatabricksTiles.filter(tile);
    }

    /**
     * The {@code &} operator on BIGINT
     * (https://docs.databricks.com/aws/en/sql/language-manual/functions/ampersandsign).
     */
    @Override
    public Optional<String> bitwiseAnd(String integer, long mask) {
        return Optional.of("(" + integer + " & " + mask + ")");
    }

    @Override
    public Optional<String> extentInDegrees(String source, String geometry, int srid) {
        return DatabricksTiles.extentInDegrees(source, geometry, srid);
    }

    /** The ST functions the reads and binds use, which only some warehouses have. */
    @Override
    public Optional<String> spatialProbe() {
        return Optional.of("select st_asewkb(st_geomfromwkb(unhex('010100000000000000000000000000000000000000'), 4326))"
                + " as probe");
    }

    @Override
    public String spatialHint() {
        return "use a pro or serverless SQL warehouse on Databricks SQL with the ST functions (Databricks Runtime 17.1"
                + " and above); classic warehouses do not have them";
    }

    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        return DatabricksErrors.categorize(sqlState, vendorCode);
    }

    @Override
    public ErrorCategory categorize(SQLException exception) {
        return DatabricksErrors.categorize(exception);
    }

    @Override
    public Optional<String> hint(SQLException exception) {
        return DatabricksErrors.hint(exception);
    }

    /**
     * Through the API's asynchronous form, so that a cancel reaches the statement at once ({@link AsyncStatements});
     * rows that end before the manifest's count fail ({@link CompleteRows}).
     */
    @Override
    public ResultSet executeQuery(PreparedStatement statement, String sql) throws SQLException {
        return CompleteRows.guard(AsyncStatements.executeQuery(statement, sql));
    }

    /**
     * Cancels the statement on the warehouse; one still being posted is cancelled as soon as the service names it, on
     * this (the canceller's) thread, within the shortest socket timeout that bounds the post.
     */
    @Override
    public void cancel(Connection connection, Statement statement) throws SQLException {
        AsyncStatements.cancel(statement, SHORTEST_SOCKET_TIMEOUT.toMillis());
    }

    /**
     * The driver's 900 s socket timeout (its {@code socketTimeout}, which also becomes the HTTP timeout of the SDK client
     * the statement execution API runs on) would hold a login against a silent peer for 15 minutes, on a pool's thread
     * after the borrower gave up. It is bounded by the deadline, no lower than {@link #SHORTEST_SOCKET_TIMEOUT}: it
     * bounds every request of the connection, and the service holds a statement's first request up to its 10 s
     * {@code wait_timeout}. (The driver's TemporarilyUnavailableRetryTimeout and RateLimitRetryTimeout bound its Thrift
     * client only: over this API a 503 or 429 is retried by the shaded SDK, four attempts that honour Retry-After, and
     * the check's and the pool's own deadlines bound that.)
     */
    @Override
    public Map<String, String> connectTimeoutProperties(Duration deadline) {
        Duration socket = deadline.compareTo(SHORTEST_SOCKET_TIMEOUT) > 0 ? deadline : SHORTEST_SOCKET_TIMEOUT;
        return Map.of("socketTimeout", Integer.toString(JdbcDialect.wholeSeconds(socket)));
    }
}
