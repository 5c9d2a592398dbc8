package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ErrorCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnowflakeErrorsTest {
    @ParameterizedTest(name = "{2} ({0}, {1}) is {3}")
    @CsvSource({
        "08004, 390100, incorrect username or password, AUTHENTICATION",
        "08004, 390102, user temporarily locked, AUTHENTICATION",
        "08004, 390144, JWT token invalid, AUTHENTICATION",
        "08004, 390303, invalid OAuth access token, AUTHENTICATION",
        "08004, 390318, OAuth access token expired, AUTHENTICATION",
        "08001, 390112, session expired, UNAVAILABLE",
        "08001, 390114, master token expired, UNAVAILABLE",
        "08004, 390189, role not granted, PERMISSION_DENIED",
        "08004, 390201, database or warehouse does not exist, NOT_FOUND",
        "42000, 1003, SQL syntax error, INVALID_CONFIGURATION",
        "42000, 904, invalid identifier, INVALID_CONFIGURATION",
        "42S02, 2003, object does not exist or not authorized, NOT_FOUND",
        "42710, 2002, object already exists, CONFLICT",
        "42501, 3001, insufficient privileges, PERMISSION_DENIED",
        "57014, 604, statement cancelled, TIMEOUT",
        "57014, 630, statement timeout reached, TIMEOUT",
        "57P03, 606, no active warehouse, INVALID_CONFIGURATION",
        "22000, 90105, no current database, INVALID_CONFIGURATION",
        "22018, 100038, numeric value not recognized, INVALID_CONFIGURATION",
        "22007, 100035, timestamp not recognized, INVALID_CONFIGURATION",
        "57014, 200005, driver cancelled the query, TIMEOUT",
        "08001, 200015, driver communication error, UNAVAILABLE",
        "58030, 200016, driver IO error, UNAVAILABLE",
        "08001, 250001, could not connect to Snowflake, UNAVAILABLE",
        "08006, 0, connection lost, UNAVAILABLE",
        "28000, 0, invalid authorization, AUTHENTICATION",
        "42S02, 0, table not found by SQLSTATE, NOT_FOUND",
        "XX000, 0, internal error, INTERNAL",
        "'', 0, no code at all, INTERNAL"
    })
    void categorizesEachCode(String sqlState, int code, String meaning, ErrorCategory expected) {
        assertThat(SnowflakeErrors.categorize(sqlState, code)).as(meaning).isEqualTo(expected);
    }
}
