package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreErrorsTest {
    @ParameterizedTest(name = "{0} ({2}) is {1}")
    @CsvSource({
        "08001, UNAVAILABLE, connection refused",
        "08006, UNAVAILABLE, connection failure",
        "57P01, UNAVAILABLE, PostgreSQL admin shutdown",
        "57P03, UNAVAILABLE, PostgreSQL starting up",
        "53300, UNAVAILABLE, too many connections",
        "90067, UNAVAILABLE, H2 connection broken",
        "40001, UNAVAILABLE, serialization failure and H2 deadlock",
        "40P01, UNAVAILABLE, PostgreSQL deadlock",
        "55P03, UNAVAILABLE, PostgreSQL lock timeout",
        "HYT00, UNAVAILABLE, H2 lock timeout",
        "90131, UNAVAILABLE, H2 concurrent update",
        "57014, TIMEOUT, statement timeout",
        "22001, INVALID_CONFIGURATION, value too long",
        "22P02, INVALID_CONFIGURATION, PostgreSQL invalid text representation",
        "22018, INVALID_CONFIGURATION, H2 data conversion",
        "23502, INVALID_CONFIGURATION, not null violation",
        "23505, CONFLICT, unique violation",
        "90020, CONFLICT, H2 database in use by another process",
        "23503, IN_USE, foreign key violation",
        "42P01, INTERNAL, undefined table",
        "42S02, INTERNAL, H2 table not found",
        "XX000, INTERNAL, PostgreSQL internal error",
        "'', INTERNAL, empty",
    })
    void classifiesEachSqlStateAsTheCallerCanActOnIt(String sqlState, ErrorCategory expected, String what) {
        assertThat(StoreErrors.category(sqlState)).as(what).isEqualTo(expected);
    }

    @Test
    void classifiesAMissingSqlStateAsInternal() {
        assertThat(StoreErrors.category(null)).isEqualTo(ErrorCategory.INTERNAL);
    }

    @Test
    void keepsTheSqlExceptionAsCauseWithItsStateAndCode() {
        SQLException cause = new SQLException("value too long", "22001", 22001);

        ConnectionException failure = ConnectionStore.failure("inserting connection c1", cause);

        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure).hasCause(cause);
        assertThat(failure.sqlState()).contains("22001");
        assertThat(failure.vendorCode()).contains(22001);
        assertThat(failure.getMessage()).contains("inserting connection c1");
    }

    @Test
    void classifiesBySqlStateOfAnSqlExceptionThePoolWrapped() {
        RuntimeException wrapped = new RuntimeException("pool failed", new SQLException("deadlock", "40P01"));

        ConnectionException failure = ConnectionStore.failure("reading", wrapped);

        assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(failure.sqlState()).contains("40P01");
        assertThat(failure).hasCause(wrapped);
    }

    @Test
    void treatsAFailureWithoutAnySqlExceptionAsUnavailable() {
        ConnectionException failure = ConnectionStore.failure("opening", new IllegalStateException("pool closed"));

        assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
    }

    @Test
    void capsHowMuchOfTheDatabaseMessageItRepeats() {
        SQLException cause = new SQLException("Value too long: " + "x".repeat(10_000), "22001");

        ConnectionException failure = ConnectionStore.failure("inserting", cause);

        assertThat(failure.getMessage()).hasSizeLessThan(StoreErrors.MAX_ECHOED + 100);
    }
}
