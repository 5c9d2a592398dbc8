package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.spi.jdbc.GeometryRead;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL the dialect writes, as golden strings; each select is also parsed by JSqlParser, whose grammar accepts
 * Oracle's {@code FETCH FIRST}, {@code WITH} column lists and {@code dual} (no Oracle server runs here; the live test
 * runs the same statements against one). PL/SQL blocks are outside JSqlParser's grammar and are checked as strings.
 */
class OracleDialectTest {
    private static final OracleDialect DIALECT = OracleDialect.INSTANCE;

    @ParameterizedTest
    @ValueSource(strings = {"parcels", "Parcels", "a b", "semi;colon", "dash--dash", "slash/*star", "it's", "ünïcødé"})
    void quotesAnyNameWithoutADoubleQuoteAsItIs(String name) throws JSQLParserException {
        String quoted = DIALECT.quoteIdentifier(name);
        assertThat(quoted).isEqualTo('"' + name + '"');
        assertParses("select 1 from " + quoted);
    }

    @Test
    void refusesANameWithADoubleQuoteWhichOracleCannotHold() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DIALECT.quoteIdentifier("a\"b"))
                .withMessageContaining("double quote");
    }

    @Test
    void refusesAnEmptyNameOrANulCharacter() {
        assertThatIllegalArgumentException().isThrownBy(() -> DIALECT.quoteIdentifier(""));
        assertThatIllegalArgumentException().isThrownBy(() -> DIALECT.quoteIdentifier("a\0b"));
    }

    @Test
    void limitsWithFetchFirstOnItsOwnLineAfterTheQuery() throws JSQLParserException {
        String limited = DIALECT.limit("select * from parcels -- trailing", 10);
        assertThat(limited)
                .isEqualTo(
                        "select * from (select * from parcels -- trailing\n) limited_query fetch first 10 rows only");
        assertParses(limited);
    }

    @Test
    void selectsConstantsFromDual() throws JSQLParserException {
        assertThat(DIALECT.selectWithoutTable("1")).isEqualTo("select 1 from dual");
        assertParses(DIALECT.selectWithoutTable("1 as probe"));
    }

    @Test
    void renamesColumnsPositionallyThroughAWithColumnList() throws JSQLParserException {
        GeometryRead read = DIALECT.geometryRead("\"c2\"", "MDSYS.SDO_GEOMETRY");
        String wrapped = DIALECT.selectFrom(
                "select name, geom from parcels",
                2,
                List.of("\"c1\"", read.expression(), read.sridExpression().orElseThrow()));
        assertThat(wrapped)
                .isEqualTo("with user_query (\"c1\", \"c2\") as (\nselect name, geom from parcels\n)\n"
                        + "select \"c1\" as \"c1\", SDO_UTIL.TO_WKBGEOMETRY(user_query.\"c2\") as \"c2\","
                        + " user_query.\"c2\".SDO_SRID as \"c3\" from user_query");
        assertParses(wrapped);
    }

    @Test
    void readsSdoGeometryAsWkbWithTheSridAttributeBesideIt() {
        GeometryRead read = DIALECT.geometryRead("\"c1\"", "MDSYS.SDO_GEOMETRY");
        assertThat(read.encoding()).isEqualTo(GeometryRead.Encoding.WKB);
        assertThat(read.sridExpression()).contains("user_query.\"c1\".SDO_SRID");
    }

    @Test
    void createsATableAsASelect() throws JSQLParserException {
        String sql =
                DIALECT.createTableAs(DIALECT.qualifiedName(List.of("CARTO_TEMP", "result")), "select * from parcels");
        assertThat(sql).isEqualTo("create table \"CARTO_TEMP\".\"result\" as select * from parcels");
        assertParses(sql);
    }

    @Test
    void dropsATableIgnoringOnlyItsAbsence() {
        assertThat(DIALECT.dropTableIfExists("\"CARTO_TEMP\".\"it's\""))
                .isEqualTo("begin execute immediate 'drop table \"CARTO_TEMP\".\"it''s\"';"
                        + " exception when others then if sqlcode != -942 then raise; end if; end;");
    }

    @Test
    void checksThatTheTempSchemaExistsInsteadOfCreatingAUser() {
        String block = DIALECT.createSchemaIfNotExists(DIALECT.quoteIdentifier("O'Brien"));
        assertThat(block)
                .startsWith("declare found number; begin select count(*) into found from all_users where"
                        + " username = 'O''Brien'; if found = 0 then raise_application_error(-20001, 'schema O''Brien")
                .endsWith("end if; end;");
    }

    @Test
    void defaultsItsLocationsToUpperCaseNamesAsUnquotedOracleNamesFold() {
        assertThat(DIALECT.defaultTempLocation()).isEqualTo("CARTO_TEMP");
        assertThat(DIALECT.defaultAnalyticsToolboxLocation()).isEqualTo("CARTO");
    }

    @Test
    void listsTheCatalogFromTheDataDictionary() throws JSQLParserException {
        assertParses("select schema_name from " + DIALECT.catalogViews().schemas());
        assertParses(
                "select table_name, table_type from " + DIALECT.catalogViews().tables());
        assertParses(
                "select column_name, data_type from " + DIALECT.catalogViews().columns());
        assertThat(DIALECT.catalogViews().columns()).contains("all_tab_columns");
        assertThat(DIALECT.catalogViews().tables()).contains("all_tables").contains("all_views");
    }

    @Test
    void mapsOracleTypeNamesTheJdbcCodesGetWrong() {
        assertThat(DIALECT.columnType("MDSYS.SDO_GEOMETRY")).contains(ColumnType.GEOMETRY);
        assertThat(DIALECT.columnType("DATE")).contains(ColumnType.TIMESTAMP);
        assertThat(DIALECT.columnType("TIMESTAMP(6) WITH TIME ZONE")).contains(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(DIALECT.columnType("TIMESTAMP WITH LOCAL TIME ZONE")).contains(ColumnType.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(DIALECT.columnType("BINARY_DOUBLE")).contains(ColumnType.FLOAT);
        assertThat(DIALECT.columnType("VARCHAR2")).isEmpty();
    }

    @ParameterizedTest(name = "NUMBER({0},{1}) is an integer: {2}")
    @org.junit.jupiter.params.provider.CsvSource({
        "18, 0, true",
        "1, 0, true",
        "19, 0, false",
        "38, 0, false",
        "10, 2, false",
        "0, -127, false",
        "0, 0, false"
    })
    void readsANumberAsAnIntegerOnlyWhenEveryValueFitsALong(int precision, int scale, boolean integer) {
        assertThat(DIALECT.numericType("NUMBER", precision, scale))
                .isEqualTo(integer ? java.util.Optional.of(ColumnType.INTEGER) : java.util.Optional.empty());
    }

    @Test
    void bindsNamedParametersOutsideQQuotedStringsCommentsAndQuotedIdentifiers() {
        String sql = "select :zone, q'[it's :x]', Q'{:x}', nq'<:x>', q'!:x!', 'a\\' as \":x\" -- :x\n/* :x */ , :zone";
        Query resolved = Query.sql(sql).param("zone", 7).resolve(DIALECT.lexicalRules());
        assertThat(resolved.sql())
                .isEqualTo("select ?, q'[it's :x]', Q'{:x}', nq'<:x>', q'!:x!', 'a\\' as \":x\" -- :x\n/* :x */ , ?");
        assertThat(resolved.parameters()).containsExactly(7, 7);
    }

    @Test
    void buildsAGeometryParameterFromWkbWithItsSridAsANumber() throws JSQLParserException {
        assertThat(DIALECT.placeholder(Geometry.ofWkt("POINT(1 2)", 4326))).isEqualTo("SDO_GEOMETRY(?, 4326)");
        assertThat(DIALECT.placeholder(Geometry.ofWkt("POINT(1 2)", Geometry.UNKNOWN_SRID)))
                .isEqualTo("SDO_GEOMETRY(?, NULL)");
        assertThat(DIALECT.placeholder("text")).isEqualTo("?");
        assertParses("select " + DIALECT.placeholder(Geometry.ofWkt("POINT(1 2)", 3857)) + " as g from dual");
    }

    @Test
    void boundsTheLoginWithConnectAndReadTimeoutsInMilliseconds() {
        assertThat(DIALECT.connectTimeoutProperties(Duration.ofMillis(2500)))
                .isEqualTo(Map.of("oracle.net.CONNECT_TIMEOUT", "2500", "oracle.jdbc.ReadTimeout", "2500"));
    }

    private static void assertParses(String sql) throws JSQLParserException {
        assertThat(CCJSqlParserUtil.parse(sql)).as(sql).isNotNull();
    }
}
