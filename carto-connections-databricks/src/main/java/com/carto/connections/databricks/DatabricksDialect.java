package com.carto.connections.databricks;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.jdbc.CatalogViews;
import com.carto.connections.spi.jdbc.JdbcDialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
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
     * refused, {@code setDate} is sent as a TIMESTAMP). Bytes, dates and timestamps travel as text that their
     * {@link #placeholder} casts in SQL; a float as the double of its own shortest digits. Databricks SQL has no TIME
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

    /** The casts that give the text {@link #bind} sends for bytes, dates and timestamps its SQL type. */
    @Override
    public String placeholder(@Nullable Object value) {
        if (value instanceof byte[]) {
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
