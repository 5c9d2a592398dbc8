package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class LoginFailuresTest {
    private final LoginFailures failures = new LoginFailures();
    private final SQLException refused = new SQLException("connection refused", "08001");

    @Test
    void aLoginThatBeganAfterTheBorrowAndFailedFailsTheBorrow() {
        failures.failed(1_000, refused);

        assertThat(failures.since(1_000)).containsSame(refused);
        assertThat(failures.since(999)).containsSame(refused);
    }

    @Test
    void aLoginThatBeganBeforeTheBorrowIsNotItsAnswerEvenWhenItFailedAfterward() {
        failures.failed(1_000, refused);

        assertThat(failures.since(1_001)).isEmpty();
    }

    @Test
    void aSucceededLoginClearsTheFailure() {
        failures.failed(1_000, refused);
        failures.succeeded();

        assertThat(failures.since(0)).isEmpty();
    }

    @Test
    void beganTimesAreComparedAcrossTheNanoTimeWrap() {
        failures.failed(Long.MIN_VALUE + 5, refused);

        assertThat(failures.since(Long.MAX_VALUE - 5)).containsSame(refused);
    }
}
