package com.carto.connections.spi.jdbc;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.spi.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * What a JDBC provider adds to its {@link Dialect}: how its driver's errors map to categories, how its native
 * types map to normalized ones, how geometry columns are read, how parameters are bound, how a running query is
 * cancelled, and which driver properties bound a check.
 * Stateless and thread-safe.
 */
public interface JdbcDialect extends Dialect {
    /**
     * The category of a driver error, from its SQLSTATE and vendor code. One function per provider, tested with a
     * table: this is where a provider's error knowledge lives.
     */
    ErrorCategory categorize(String sqlState, int vendorCode);

    /**
     * The category of a driver error whose SQLSTATE and vendor code do not tell enough, for a driver that reports an
     * HTTP service's errors (Databricks: every HTTP failure is one SQLSTATE, the service's error class is in the message
     * and the cause). The default asks {@link #categorize(String, int)}; an override falls back to it too.
     */
    default ErrorCategory categorize(SQLException exception) {
        return categorize(exception.getSQLState() == null ? "" : exception.getSQLState(), exception.getErrorCode());
    }

    /**
     * What to tell a user about a failure the dialect recognizes, in place of the check stage's generic hint: a
     * Databricks SQL warehouse that is still starting fails the login as {@code UNAVAILABLE}, and "check the TLS
     * settings" would send its owner the wrong way. Empty by default.
     */
    default Optional<String> hint(SQLException exception) {
        return Optional.empty();
    }

    /**
     * The normalized type of a native type name as the driver reports it ({@code ResultSetMetaData.getColumnTypeName}
     * or {@code information_schema}), when the dialect knows better than the JDBC type code.
     */
    default Optional<ColumnType> columnType(String nativeTypeName) {
        return Optional.empty();
    }

    /**
     * The normalized type of a result column the JDBC type code calls exact numeric, from its declared precision and
     * scale, where the type name alone does not tell (Oracle names every number {@code NUMBER}, so a
     * {@code NUMBER(18)} is an integer only by its scale). Empty keeps {@code DECIMAL}.
     */
    default Optional<ColumnType> numericType(String nativeTypeName, int precision, int scale) {
        return Optional.empty();
    }

    /**
     * How a geometry column of the user's query is read: the projection wrapped around it and the encoding it
     * returns ({@link GeometryRead}). The default reads the column as it is, as extended WKB bytes; a dialect whose
     * driver cannot read its geometry type, or reads it slowly, projects it, e.g. {@code ST_AsEWKB(x)},
     * {@code SDO_UTIL.TO_WKBGEOMETRY(x)} or {@code ST_AsWKB(x)} beside {@code ST_SRID(x)}.
     *
     * @param quotedColumn the column as the projection refers to it, already quoted
     * @param nativeTypeName the column's type as the driver names it, e.g. {@code geography}
     */
    default GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
        return GeometryRead.ewkb(quotedColumn);
    }

    /**
     * Binds one parameter of a statement, of any Java type the SDK documents (see {@code Query}): {@code String},
     * {@code Long}/{@code Integer}/{@code Short}/{@code Byte}, {@code Double}/{@code Float}, {@code BigDecimal},
     * {@code Boolean}, {@code byte[]}, {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime},
     * {@code Instant}/{@code OffsetDateTime}/{@code ZonedDateTime}, {@link Geometry}, or {@code null}. The default is
     * {@code setObject}, with an {@code Instant} or {@code ZonedDateTime} as the {@code OffsetDateTime} JDBC 4.2 maps
     * to a timestamp with time zone; it refuses a {@link Geometry}, which needs the warehouse's own constructor (see
     * {@link #placeholder}). A driver that refuses some Java types binds them through the setters it does accept.
     * Whatever this throws is reported as {@code INVALID_CONFIGURATION} naming the parameter.
     *
     * @param index 1-based, as JDBC counts
     */
    default void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value instanceof Instant instant) {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof ZonedDateTime zoned) {
            statement.setObject(index, zoned.toOffsetDateTime());
        } else if (value instanceof Geometry) {
            throw new SQLFeatureNotSupportedException("this warehouse takes no geometry parameters");
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * The SQL written in place of a parameter's {@code ?} mark for this value, holding exactly one {@code ?}: where the
     * value's type must be spelled in SQL because the driver has no setter for it, e.g. {@code ST_GeomFromEWKB(?)}
     * for a {@link Geometry} bound as EWKB. The default is the bare mark; a query whose every value takes the bare
     * mark runs as written.
     */
    default String placeholder(@Nullable Object value) {
        return "?";
    }

    /**
     * Reads one value of a result column of normalized {@code type} (geometry columns excepted, which
     * {@link #geometryRead} covers), as the Java type {@link com.carto.connections.query.ColumnType} names. The default
     * uses JDBC 4.2's getters ({@code getObject(i, LocalDate.class)} and the like); a driver without them
     * (snowflake-jdbc) reads those types its own way and leaves the others to this default.
     *
     * @param index 1-based, as JDBC counts
     */
    default @Nullable Object read(ColumnType type, ResultSet resultSet, int index) throws SQLException {
        return JdbcTypes.read(type, resultSet, index);
    }

    /**
     * Wraps a user's query so that its geometry columns are read through their projections, keeping every column's
     * position and name. The default renames columns positionally with a derived column list, which PostgreSQL-family
     * warehouses accept.
     *
     * @param columns how many columns the query has, named {@code c1…cN} for the expressions
     * @param expressions what to select, written against those names: one per column, then any extra ones (the SRID
     *     of a geometry), each selected under the name {@code c<position>}
     */
    default String selectFrom(String sql, int columns, List<String> expressions) {
        StringJoiner select = new StringJoiner(", ", "select ", "");
        for (int index = 0; index < expressions.size(); index++) {
            select.add(expressions.get(index) + " as " + quoteIdentifier("c" + (index + 1)));
        }
        StringJoiner names = new StringJoiner(", ", " (", ")");
        for (int index = 0; index < columns; index++) {
            names.add(quoteIdentifier("c" + (index + 1)));
        }
        // The query ends its own line, so a trailing -- comment in it cannot swallow the closing parenthesis.
        return select + " from (" + sql + "\n) as user_query" + names;
    }

    /** The name of the database the connection is in, which the catalog lists as its one database. */
    default String currentDatabase(Connection connection) throws SQLException {
        return connection.getCatalog();
    }

    /** The views the catalog lists schemas, tables and columns from. */
    default CatalogViews catalogViews() {
        return CatalogViews.INFORMATION_SCHEMA;
    }

    /** A query that succeeds only when spatial support is installed, e.g. {@code select postgis_version()}. */
    default Optional<String> spatialProbe() {
        return Optional.empty();
    }

    /** What to tell a user whose warehouse lacks spatial support. */
    default String spatialHint() {
        return "install the warehouse's spatial extension";
    }

    /**
     * Driver properties that bound opening a connection (TCP, TLS, login) to {@code deadline}. They must not
     * bound reading: a long query is limited by its statement timeout, which cancels on the server.
     */
    default Map<String, String> connectTimeoutProperties(Duration deadline) {
        return Map.of();
    }

    /** A duration as the whole seconds JDBC timeouts take: rounded up, at least 1. */
    static int wholeSeconds(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000;
        return (int) Math.min(Math.max(seconds, 1), Integer.MAX_VALUE);
    }

    /**
     * Runs a query's prepared statement, its parameters bound, and returns its rows. The default is
     * {@code executeQuery()}; a driver whose execute call learns the statement's identity only when the warehouse
     * first answers (databricks-jdbc holds it until then, so {@link #cancel} cannot reach the statement) runs it its own
     * way, so that a cancel from another thread stops it on the warehouse.
     *
     * @param sql the SQL the statement was prepared with
     */
    default ResultSet executeQuery(PreparedStatement statement, String sql) throws SQLException {
        return statement.executeQuery();
    }

    /**
     * Describes a query's result columns before it runs, for a spatial provider to find its geometry columns (see
     * {@link #geometryRead}); nothing is bound yet. The default asks {@code PreparedStatement.getMetaData()}, empty when
     * the driver returns no metadata (the query then runs undescribed). A driver that cannot describe some type of its
     * warehouse (databricks-jdbc 3.0.1 fails on a GEOMETRY column there, as in a result) describes the query its own
     * way, e.g. with the warehouse's {@code DESCRIBE QUERY} on a statement of its own.
     *
     * @param statement the query's prepared statement, nothing bound
     * @param sql the SQL the statement was prepared with, one {@code ?} per parameter
     * @param parameters the values that will be bound, one per {@code ?}, for a describe that writes something in
     *     place of each mark
     */
    default Optional<List<Column>> describe(PreparedStatement statement, String sql, List<@Nullable Object> parameters)
            throws SQLException {
        ResultSetMetaData metadata = statement.getMetaData();
        return metadata == null ? Optional.empty() : Optional.of(JdbcTypes.columns(this, metadata));
    }

    /**
     * One column of a described query's result, from what {@link #describe} said of it and what the executed result
     * reports; only its type and native type are used, the name is the description's. The default is what the result
     * reports (a description runs unbound, so its types of bare {@code ?} marks are guesses). A driver whose results
     * report less than the warehouse's description says (databricks-jdbc 3.0.1 reports TIMESTAMP_NTZ columns as
     * TIMESTAMP, and an instant's TIMESTAMP alike) takes that from the description.
     */
    default Column resultColumn(Column described, Column reported) {
        return reported;
    }

    /**
     * Cancels what runs on the connection's session on the warehouse. The default cancels the statement, which some
     * drivers ignore once the statement's execute call has returned, while later rows are still being fetched (pgjdbc
     * does); such a provider cancels the session's current query instead. Called from another thread than the one
     * reading.
     */
    default void cancel(Connection connection, Statement statement) throws SQLException {
        statement.cancel();
    }

    /** Rows fetched per round trip while streaming. */
    default int fetchSize() {
        return 10_000;
    }
}
