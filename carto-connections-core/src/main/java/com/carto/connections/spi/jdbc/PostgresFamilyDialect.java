package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.LexicalRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The dialect PostgreSQL and the warehouses derived from it (Amazon Redshift) share: double-quoted identifiers,
 * {@code LIMIT}, {@code CREATE TABLE … AS}, the family's SQLSTATEs ({@link PostgresFamilySqlStates}), geometry and
 * geography read as binary EWKB through {@code ST_AsEWKB} (geography cast to geometry first, which keeps coordinates
 * and SRID), {@code timestamptz} as a timestamp with time zone, and the {@code connectTimeout}/{@code loginTimeout}
 * driver properties of pgjdbc and its forks. A member gives its own type names, its spatial probe, and how its driver
 * cancels a session's query. Stateless and thread-safe.
 */
public abstract class PostgresFamilyDialect implements JdbcDialect {
    // timetz, money and bit strings as text: a LocalTime would drop the offset, the driver reads money as a double it
    // cannot parse from "$1.00", and bit(n) as a boolean it cannot make of "101".
    private static final Map<String, ColumnType> FAMILY_TYPES = Map.of(
            "geometry", ColumnType.GEOMETRY,
            "geography", ColumnType.GEOMETRY,
            "timestamptz", ColumnType.TIMESTAMP_WITH_TIME_ZONE,
            "timetz", ColumnType.STRING,
            "money", ColumnType.STRING,
            "bit", ColumnType.STRING,
            "varbit", ColumnType.STRING);

    private final Map<String, ColumnType> ownTypes;
    private final String spatialProbe;
    private final String spatialHint;

    /**
     * @param ownTypes type names, as the member's driver reports them, whose normalized type the JDBC type code gets
     *     wrong, beyond the family's {@code geometry}, {@code geography}, {@code timestamptz}, {@code timetz},
     *     {@code money}, {@code bit} and {@code varbit}
     * @param spatialProbe a query that succeeds only with spatial support
     * @param spatialHint what to tell a user whose warehouse lacks it
     */
    protected PostgresFamilyDialect(Map<String, ColumnType> ownTypes, String spatialProbe, String spatialHint) {
        this.ownTypes = Map.copyOf(ownTypes);
        this.spatialProbe = requireNonNull(spatialProbe, "spatialProbe is null");
        this.spatialHint = requireNonNull(spatialHint, "spatialHint is null");
    }

    /** The category of a SQLSTATE; the family reports the same codes, and its drivers the same 08xxx ones. */
    /** PostgreSQL's; Redshift, which escapes with backslashes in every string, overrides it. */
    @Override
    public LexicalRules lexicalRules() {
        return LexicalRules.POSTGRESQL;
    }

    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        return PostgresFamilySqlStates.categorize(sqlState);
    }

    @Override
    public Optional<ColumnType> columnType(String nativeTypeName) {
        ColumnType own = ownTypes.get(nativeTypeName);
        return Optional.ofNullable(own != null ? own : FAMILY_TYPES.get(nativeTypeName));
    }

    /** Binary EWKB keeps the SRID and moves as bytes in the drivers' binary protocol: no text or hex decoding. */
    @Override
    public GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
        String geometry = nativeTypeName.contains("geography") ? quotedColumn + "::geometry" : quotedColumn;
        return GeometryRead.ewkb("ST_AsEWKB(" + geometry + ")");
    }

    /**
     * A geometry is constructed by {@code ST_GeomFromEWKB}, which PostGIS and Redshift both have, so the value keeps
     * its SRID and Z and M coordinates and the column is typed geometry.
     */
    @Override
    public String placeholder(@Nullable Object value) {
        return value instanceof Geometry ? "ST_GeomFromEWKB(?)" : "?";
    }

    /** A geometry as binary EWKB ({@code bytea}, PostGIS's {@code ST_GeomFromEWKB} argument). */
    @Override
    public void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value instanceof Geometry geometry) {
            statement.setBytes(index, geometry.ewkb());
        } else {
            JdbcDialect.super.bind(statement, index, value);
        }
    }

    /**
     * The {@code &} operator on {@code bigint}: PostgreSQL's <a
     * href="https://www.postgresql.org/docs/current/functions-math.html">mathematical operators</a>, which Redshift
     * keeps (<a href="https://docs.aws.amazon.com/redshift/latest/dg/r_OPERATOR_SYMBOLS.html">operator symbols</a>).
     */
    @Override
    public Optional<String> bitwiseAnd(String integer, long mask) {
        return Optional.of("(" + integer + " & " + mask + ")");
    }

    @Override
    public Optional<String> spatialProbe() {
        return Optional.of(spatialProbe);
    }

    @Override
    public String spatialHint() {
        return spatialHint;
    }

    /**
     * {@code LIMIT}, which every member documents, rather than the ANSI {@code FETCH FIRST} of the default. The query
     * ends its own line, so a trailing {@code --} comment in it cannot swallow the closing parenthesis.
     */
    @Override
    public String limit(String sql, long rows) {
        return "select * from (" + sql + "\n) as limited_query limit " + rows;
    }

    @Override
    public Map<String, String> connectTimeoutProperties(Duration deadline) {
        String seconds = Integer.toString(JdbcDialect.wholeSeconds(deadline));
        return Map.of("connectTimeout", seconds, "loginTimeout", seconds);
    }

    /**
     * pgjdbc and its forks ignore {@code Statement.cancel()} once executeQuery has returned, while a streaming result is
     * still fetching; a member cancels the session's current query through its driver's connection instead
     * ({@code cancelQuery()}), which stops whatever the backend runs.
     */
    @Override
    public abstract void cancel(Connection connection, Statement statement) throws SQLException;
}
