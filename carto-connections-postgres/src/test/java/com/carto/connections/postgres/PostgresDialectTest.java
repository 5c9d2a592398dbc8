package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.spi.jdbc.GeometryRead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresDialectTest {
    private final PostgresDialect dialect = PostgresDialect.INSTANCE;

    @ParameterizedTest(name = "SQLSTATE {0} is {1}")
    @CsvSource({
        "28P01, AUTHENTICATION", // invalid_password
        "28000, AUTHENTICATION", // invalid_authorization_specification (pg_hba rejected)
        "3D000, NOT_FOUND", // invalid_catalog_name: unknown database
        "3F000, NOT_FOUND", // invalid_schema_name
        "42P01, NOT_FOUND", // undefined_table
        "42703, NOT_FOUND", // undefined_column
        "42883, NOT_FOUND", // undefined_function: e.g. PostGIS missing
        "42501, PERMISSION_DENIED", // insufficient_privilege
        "25006, PERMISSION_DENIED", // read_only_sql_transaction
        "57014, TIMEOUT", // query_canceled by statement timeout
        "57P01, UNAVAILABLE", // admin_shutdown
        "57P03, UNAVAILABLE", // cannot_connect_now: starting up
        "40001, UNAVAILABLE", // serialization_failure: retry
        "40P01, UNAVAILABLE", // deadlock_detected: retry
        "08001, UNAVAILABLE", // pgjdbc: connection attempt failed
        "08006, UNAVAILABLE", // pgjdbc: connection failure (I/O)
        "08004, INVALID_CONFIGURATION", // pgjdbc: server does not support the requested TLS
        "53300, UNAVAILABLE", // too_many_connections
        "53200, UNAVAILABLE", // out_of_memory
        "42601, INVALID_CONFIGURATION", // syntax_error
        "22012, INVALID_CONFIGURATION", // division_by_zero
        "22P02, INVALID_CONFIGURATION", // invalid_text_representation
        "07006, INVALID_CONFIGURATION", // pgjdbc: a parameter's Java type has no SQL type
        "0100E, INVALID_CONFIGURATION", // pgjdbc: a query returned several results
        "42P07, CONFLICT", // duplicate_table
        "23505, CONFLICT", // unique_violation
        "54000, LIMIT_EXCEEDED", // program_limit_exceeded
        "0A000, UNSUPPORTED", // feature_not_supported
        "XX000, INTERNAL", // internal_error
        "'', INTERNAL", // no SQLSTATE at all
    })
    void categorizesSqlState(String sqlState, ErrorCategory expected) {
        assertThat(dialect.categorize(sqlState, 0)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "geometry, GEOMETRY",
        "geography, GEOMETRY",
        "timestamptz, TIMESTAMP_WITH_TIME_ZONE",
        "jsonb, JSON",
        "json, JSON"
    })
    void knowsPostgresTypeNames(String typeName, ColumnType expected) {
        assertThat(dialect.columnType(typeName)).contains(expected);
    }

    @ParameterizedTest(name = "{0} is quoted as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "parcels|\"parcels\"",
                "Mixed Case|\"Mixed Case\"",
                "a\"b|\"a\"\"b\"",
                "x; drop table y; --|\"x; drop table y; --\"",
                "back\\slash|\"back\\slash\"",
                "/* comment */|\"/* comment */\"",
            })
    void quotesIdentifiersSoAnyTextNamesExactlyOneObject(String identifier, String quoted) {
        assertThat(dialect.quoteIdentifier(identifier)).isEqualTo(quoted);
    }

    @org.junit.jupiter.api.Test
    void readsGeographyThroughAGeometryCast() {
        assertThat(dialect.geometryRead("\"c1\"", "geography"))
                .isEqualTo(GeometryRead.ewkb("ST_AsEWKB(\"c1\"::geometry)"));
        assertThat(dialect.geometryRead("\"c1\"", "geometry")).isEqualTo(GeometryRead.ewkb("ST_AsEWKB(\"c1\")"));
    }
}
