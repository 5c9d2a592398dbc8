package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.spi.jdbc.GeometryRead;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedshiftDialectTest {
    private final RedshiftDialect dialect = RedshiftDialect.INSTANCE;

    @ParameterizedTest(name = "SQLSTATE {0} is {1}")
    @CsvSource({
        "28000, AUTHENTICATION", // Redshift: password authentication failed
        "28P01, AUTHENTICATION", // invalid_password (PostgreSQL, the stand-in)
        "3D000, NOT_FOUND", // database does not exist
        "3F000, NOT_FOUND", // schema does not exist
        "42P01, NOT_FOUND", // relation does not exist
        "42703, NOT_FOUND", // column does not exist
        "42883, NOT_FOUND", // function does not exist
        "42704, NOT_FOUND", // undefined object
        "42501, PERMISSION_DENIED", // permission denied for relation
        "25006, PERMISSION_DENIED", // read-only transaction
        "57014, TIMEOUT", // cancelled by statement timeout or by the user
        "57P01, UNAVAILABLE", // terminating connection due to administrator command
        "57P03, UNAVAILABLE", // cannot connect now
        "40001, UNAVAILABLE", // serializable isolation violation: retry
        "40P01, UNAVAILABLE", // deadlock: retry
        "53300, UNAVAILABLE", // too many connections
        "08001, UNAVAILABLE", // driver: unable to connect (closed port)
        "08006, UNAVAILABLE", // driver: connection failure
        "08S01, UNAVAILABLE", // driver: communication error
        "08004, INVALID_CONFIGURATION", // driver: the server does not support SSL
        "08P01, INVALID_CONFIGURATION", // driver: protocol violation, e.g. the server asked for SCRAM
        "42601, INVALID_CONFIGURATION", // syntax error
        "22012, INVALID_CONFIGURATION", // division by zero
        "22P02, INVALID_CONFIGURATION", // invalid input syntax
        "42P07, CONFLICT", // relation already exists
        "42P06, CONFLICT", // schema already exists
        "23505, CONFLICT", // unique violation
        "54000, LIMIT_EXCEEDED", // program limit exceeded
        "0A000, UNSUPPORTED", // not supported, e.g. a leader-node-only function on a table
        "XX000, INTERNAL", // internal error
        "99999, INTERNAL", // driver: unexpected error
        "'', INTERNAL", // no SQLSTATE at all
    })
    void categorizesSqlState(String sqlState, ErrorCategory expected) {
        assertThat(dialect.categorize(sqlState, 0)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "geometry, GEOMETRY",
        "geography, GEOMETRY",
        "super, JSON",
        "timestamptz, TIMESTAMP_WITH_TIME_ZONE",
        "varbyte, BYTES",
    })
    void knowsTheTypeNamesTheDriverGivesRedshiftTypes(String typeName, ColumnType expected) {
        assertThat(dialect.columnType(typeName)).contains(expected);
    }

    @Test
    void leavesOrdinaryTypesToTheJdbcTypeCode() {
        assertThat(dialect.columnType("int8")).isEmpty();
        assertThat(dialect.columnType("varchar")).isEmpty();
    }

    @ParameterizedTest(name = "{0} is quoted as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "parcels|\"parcels\"",
                "Mixed Case|\"Mixed Case\"",
                "a\"b|\"a\"\"b\"",
                "x; drop table y; --|\"x; drop table y; --\"",
                "/* comment */|\"/* comment */\"",
            })
    void quotesIdentifiersSoAnyTextNamesExactlyOneObject(String identifier, String quoted) {
        assertThat(dialect.quoteIdentifier(identifier)).isEqualTo(quoted);
    }

    @Test
    void readsGeometryAsEwkbAndCastsGeographyFirst() {
        assertThat(dialect.geometryRead("\"c1\"", "geometry")).isEqualTo(GeometryRead.ewkb("ST_AsEWKB(\"c1\")"));
        assertThat(dialect.geometryRead("\"c2\"", "geography"))
                .isEqualTo(GeometryRead.ewkb("ST_AsEWKB(\"c2\"::geometry)"));
    }

    @Test
    void writesBackWithCreateTableAsIntoTheTempLocation() {
        assertThat(dialect.defaultTempLocation()).isEqualTo("carto_temp");
        assertThat(dialect.createSchemaIfNotExists(dialect.quoteIdentifier("carto_temp")))
                .isEqualTo("create schema if not exists \"carto_temp\"");
        assertThat(dialect.createTableAs(dialect.qualifiedName(List.of("carto_temp", "t1")), "select 1 as x"))
                .isEqualTo("create table \"carto_temp\".\"t1\" as select 1 as x");
        assertThat(dialect.dropTableIfExists("\"carto_temp\".\"t1\""))
                .isEqualTo("drop table if exists \"carto_temp\".\"t1\"");
    }

    @Test
    void looksForTheAnalyticsToolboxInCarto() {
        assertThat(dialect.defaultAnalyticsToolboxLocation()).isEqualTo("carto");
    }

    @Test
    void limitsWithLimitRatherThanFetchFirst() {
        assertThat(dialect.limit("select 1", 10)).isEqualTo("select * from (select 1\n) as limited_query limit 10");
    }

    @Test
    void boundsConnectAndLoginByTheStageDeadlineInWholeSeconds() {
        assertThat(dialect.connectTimeoutProperties(Duration.ofMillis(2_500)))
                .isEqualTo(Map.of("connectTimeout", "3", "loginTimeout", "3"));
    }
}
