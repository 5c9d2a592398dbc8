package com.carto.connections.oracle;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.TileQuery;
import com.carto.connections.spi.jdbc.CatalogViews;
import com.carto.connections.spi.jdbc.GeometryRead;
import com.carto.connections.spi.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Oracle's SQL: identifiers quoted as written (unquoted ones fold to upper case, so the defaults are upper case),
 * {@code dual} for selects without a table, {@code FETCH FIRST} limits, column renaming through a {@code WITH} list
 * (Oracle has no derived column lists), PL/SQL blocks where Oracle has no {@code IF EXISTS}, the data dictionary's
 * {@code ALL_*} views for the catalog, q-quoted strings for the named-parameter scanner, SDO_GEOMETRY read as WKB with
 * its SRID, and errors classified on the ORA number. Stateless and thread-safe.
 */
final class OracleDialect implements JdbcDialect {
    static final OracleDialect INSTANCE = new OracleDialect();

    /** Standard strings (a quote doubles, a backslash is a character), {@code --} and flat block comments, q-quotes. */
    private static final LexicalRules LEXICAL_RULES = LexicalRules.of(LexicalRules.Feature.Q_QUOTED_STRINGS);

    private static final String DATABASE_NAME = "sys_context('USERENV', 'CON_NAME')";

    /**
     * The data dictionary as the catalog reads it: a schema is a user, tables and views are listed together, and a
     * column's type is its full name ({@code NUMBER}, {@code VARCHAR2}, {@code SDO_GEOMETRY} with its owner).
     * {@code ALL_*} shows what the user may see, like {@code information_schema}.
     */
    private static final CatalogViews DICTIONARY = CatalogViews.derived(
            "select " + DATABASE_NAME + " as database_name, username as schema_name from all_users",
            "select " + DATABASE_NAME + " as database_name, owner as schema_name, table_name,"
                    + " 'BASE TABLE' as table_type from all_tables"
                    + " union all select " + DATABASE_NAME + ", owner, view_name, 'VIEW' from all_views",
            "select " + DATABASE_NAME + " as database_name, owner as schema_name, table_name, column_name,"
                    + " case when data_type_owner is null or data_type_owner = 'PUBLIC' then data_type"
                    + " else data_type_owner || '.' || data_type end as data_type,"
                    + " case nullable when 'N' then 'NO' else 'YES' end as is_nullable,"
                    + " column_id as ordinal_position from all_tab_columns");

    /**
     * Type names as ojdbc's {@code getColumnTypeName} and the dictionary give them, where the JDBC type code is wrong
     * or Oracle-specific: DATE holds a time of day, the time-zone timestamps have codes of their own (-101, -102).
     */
    private static final Map<String, ColumnType> TYPES = Map.ofEntries(
            Map.entry("MDSYS.SDO_GEOMETRY", ColumnType.GEOMETRY),
            Map.entry("SDO_GEOMETRY", ColumnType.GEOMETRY),
            Map.entry("DATE", ColumnType.TIMESTAMP),
            Map.entry("TIMESTAMP WITH TIME ZONE", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("TIMESTAMP WITH LOCAL TIME ZONE", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("BINARY_FLOAT", ColumnType.FLOAT),
            Map.entry("BINARY_DOUBLE", ColumnType.FLOAT),
            Map.entry("JSON", ColumnType.JSON),
            Map.entry("CLOB", ColumnType.STRING),
            Map.entry("NCLOB", ColumnType.STRING),
            Map.entry("BLOB", ColumnType.BYTES),
            Map.entry("RAW", ColumnType.BYTES),
            Map.entry("LONG RAW", ColumnType.BYTES),
            Map.entry("INTERVAL DAY TO SECOND", ColumnType.STRING),
            Map.entry("INTERVAL YEAR TO MONTH", ColumnType.STRING),
            Map.entry("ROWID", ColumnType.STRING),
            Map.entry("UROWID", ColumnType.STRING));

    private OracleDialect() {}

    /**
     * Oracle names cannot hold a double quote at all (neither quoted nor unquoted), so one is refused rather than
     * escaped; any other text, spaces, semicolons and comment markers included, is one name between quotes.
     */
    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier.indexOf('"') >= 0) {
            throw new IllegalArgumentException("an Oracle identifier cannot hold a double quote: " + identifier);
        }
        return JdbcDialect.super.quoteIdentifier(identifier);
    }

    @Override
    public LexicalRules lexicalRules() {
        return LEXICAL_RULES;
    }

    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        return OracleErrorCodes.categorize(sqlState, vendorCode);
    }

    @Override
    public Optional<ColumnType> columnType(String nativeTypeName) {
        ColumnType known = TYPES.get(nativeTypeName.toUpperCase(Locale.ROOT));
        if (known != null) {
            return Optional.of(known);
        }
        // TIMESTAMP(6) WITH TIME ZONE, as the dictionary writes a precision into the name.
        String name = nativeTypeName.toUpperCase(Locale.ROOT).replaceAll("\\(\\d+\\)", "");
        return Optional.ofNullable(TYPES.get(name));
    }

    /**
     * A {@code NUMBER} with scale 0 and at most 18 digits always fits a {@code long}, so it is an integer; wider ones,
     * and {@code NUMBER} without precision (the result of {@code count(*)} or arithmetic, reported with scale -127),
     * stay exact decimals.
     */
    @Override
    public Optional<ColumnType> numericType(String nativeTypeName, int precision, int scale) {
        return nativeTypeName.equalsIgnoreCase("NUMBER") && scale == 0 && precision > 0 && precision <= 18
                ? Optional.of(ColumnType.INTEGER)
                : Optional.empty();
    }

    /**
     * WKB from {@code SDO_UTIL.TO_WKBGEOMETRY} (a BLOB, read with {@code getBytes}) and the SRID from the object's
     * {@code SDO_SRID} attribute, which Oracle lets a query read only through a table alias: {@link #selectFrom} names
     * the user's query {@code user_query}.
     */
    @Override
    public GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
        return GeometryRead.wkb("SDO_UTIL.TO_WKBGEOMETRY(user_query." + quotedColumn + ")")
                .withSridFrom("user_query." + quotedColumn + ".SDO_SRID");
    }

    /**
     * Renames the user's columns positionally through the column list of a {@code WITH} clause: Oracle has no
     * derived column list on a subquery.
     */
    @Override
    public String selectFrom(String sql, int columns, List<String> expressions) {
        StringJoiner names = new StringJoiner(", ", "with user_query (", ") as (\n");
        for (int index = 0; index < columns; index++) {
            names.add(quoteIdentifier("c" + (index + 1)));
        }
        StringJoiner select = new StringJoiner(", ", "\n)\nselect ", " from user_query");
        for (int index = 0; index < expressions.size(); index++) {
            select.add(expressions.get(index) + " as " + quoteIdentifier("c" + (index + 1)));
        }
        return names + sql + select;
    }

    /**
     * A geometry is built by the {@code SDO_GEOMETRY} constructor from WKB and the SRID, written as a number (it comes
     * from the {@link Geometry}, never from text): Oracle reads no EWKB, and without the SRID the value would have
     * none.
     */
    @Override
    public String placeholder(@Nullable Object value) {
        if (value instanceof Geometry geometry) {
            return "SDO_GEOMETRY(?, "
                    + (geometry.srid() == Geometry.UNKNOWN_SRID ? "NULL" : Integer.toString(geometry.srid())) + ")";
        }
        return "?";
    }

    /** A geometry as ISO WKB bytes, the {@code SDO_GEOMETRY} constructor's BLOB argument. */
    @Override
    public void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value instanceof Geometry geometry) {
            statement.setBytes(index, geometry.wkb());
        } else {
            JdbcDialect.super.bind(statement, index, value);
        }
    }

    @Override
    public Optional<String> tileFilter(TileQuery tile) {
        return Optional.of(OracleTiles.filter(tile));
    }

    @Override
    public Optional<TileGeometrySql> tileGeometry(TileQuery tile) {
        return Optional.of(OracleTiles.geometry(tile));
    }

    /**
     * {@code BITAND(expr1, expr2)} on NUMBER integers, Oracle's only bitwise function
     * (https://docs.oracle.com/en/database/oracle/oracle-database/23/sqlrf/BITAND.html); the mask is never negative.
     */
    @Override
    public Optional<String> bitwiseAnd(String integer, long mask) {
        return Optional.of("BITAND(" + integer + ", " + mask + ")");
    }

    @Override
    public Optional<String> extentInDegrees(String source, String geometry, int srid) {
        return Optional.of(OracleTiles.extentInDegrees(source, geometry, srid));
    }

    @Override
    public String limit(String sql, long rows) {
        return "select * from (" + sql + "\n) limited_query fetch first " + rows + " rows only";
    }

    @Override
    public String selectWithoutTable(String expressions) {
        return "select " + expressions + " from dual";
    }

    @Override
    public String currentDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(selectWithoutTable(DATABASE_NAME))) {
            resultSet.next();
            return resultSet.getString(1);
        }
    }

    @Override
    public CatalogViews catalogViews() {
        return DICTIONARY;
    }

    /** Oracle has no {@code DROP TABLE IF EXISTS} before 23ai: the block ignores ORA-00942 and nothing else. */
    @Override
    public String dropTableIfExists(String qualifiedTable) {
        return "begin execute immediate 'drop table " + qualifiedTable.replace("'", "''") + "';"
                + " exception when others then if sqlcode != -942 then raise; end if; end;";
    }

    /**
     * A schema is a user, which the SDK does not create (that needs a DBA's privileges and a password): the block
     * fails with ORA-20001, which the SDK reports as {@code NOT_FOUND}, when the user is missing.
     */
    @Override
    public String createSchemaIfNotExists(String quotedSchema) {
        String name = quotedSchema.substring(1, quotedSchema.length() - 1).replace("'", "''");
        return "declare found number; begin select count(*) into found from all_users where username = '" + name
                + "'; if found = 0 then raise_application_error(-" + OracleErrorCodes.MISSING_SCHEMA
                + ", 'schema " + name + " does not exist: create the user or set tempLocation to a schema the user"
                + " may create tables in'); end if; end;";
    }

    /** Upper case: an unquoted {@code carto_temp} in Oracle is the user {@code CARTO_TEMP}. */
    @Override
    public String defaultTempLocation() {
        return "CARTO_TEMP";
    }

    @Override
    public String defaultAnalyticsToolboxLocation() {
        return "CARTO";
    }

    @Override
    public Optional<String> spatialProbe() {
        return Optional.of(selectWithoutTable(
                "SDO_UTIL.TO_WKBGEOMETRY(SDO_GEOMETRY(2001, 4326, SDO_POINT_TYPE(0, 0, NULL), NULL, NULL))"));
    }

    @Override
    public String spatialHint() {
        return "the database must have Oracle Spatial (the MDSYS schema with SDO_UTIL), included in every edition"
                + " since 19c";
    }

    /**
     * {@code oracle.net.CONNECT_TIMEOUT} bounds the TCP connect and the Net handshake, {@code oracle.jdbc.ReadTimeout}
     * every socket read (a peer that accepts and stays silent blocks a login for ever without it: the login timeout
     * alone does not end it). The read timeout also stays on the connection afterwards; it equals the query timeout,
     * at which the SDK cancels the statement anyway.
     */
    @Override
    public Map<String, String> connectTimeoutProperties(Duration deadline) {
        String millis = Long.toString(Math.max(1, deadline.toMillis()));
        return Map.of("oracle.net.CONNECT_TIMEOUT", millis, "oracle.jdbc.ReadTimeout", millis);
    }

    /**
     * The driver allocates each fetch's buffers from the columns' declared sizes (a VARCHAR2(4000) reserves 4000
     * characters per row), so a smaller fetch than the other warehouses' bounds memory.
     */
    @Override
    public int fetchSize() {
        return 1_000;
    }
}
