package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ErrorCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresFamilySqlStatesTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "28P01, AUTHENTICATION",
        "42P01, NOT_FOUND",
        "42501, PERMISSION_DENIED",
        "57014, TIMEOUT",
        "57P01, UNAVAILABLE",
        "08006, UNAVAILABLE",
        "08P01, INVALID_CONFIGURATION",
        "0100E, INVALID_CONFIGURATION",
        "07006, INVALID_CONFIGURATION",
        "22023, INVALID_CONFIGURATION",
        "42601, INVALID_CONFIGURATION",
        "42P07, CONFLICT",
        "23505, CONFLICT",
        "54000, LIMIT_EXCEEDED",
        "0A000, UNSUPPORTED",
        "XX000, INTERNAL",
        "'', INTERNAL"
    })
    void categorizesTheSqlState(String sqlState, ErrorCategory category) {
        assertThat(PostgresFamilySqlStates.categorize(sqlState)).isEqualTo(category);
    }
}
