package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class JdbcErrorsTest {
    @Test
    void keepsADriverMessageOfTheLimitWhole() {
        String message = "x".repeat(JdbcErrors.MESSAGE_LIMIT);

        assertThat(JdbcErrors.describe(new SQLException(message, "42601"))).isEqualTo(message + " [SQLSTATE 42601]");
    }

    @Test
    void cutsALongerDriverMessageSayingHowMuchWasCut() {
        String message = "syntax error at or near \"" + "x".repeat(70_000) + "\"";

        String described = JdbcErrors.describe(new SQLException(message, "42601"));

        assertThat(described)
                .startsWith("syntax error at or near \"xxx")
                .endsWith("… (" + (message.length() - JdbcErrors.MESSAGE_LIMIT) + " more characters) [SQLSTATE 42601]")
                .hasSizeLessThan(JdbcErrors.MESSAGE_LIMIT + 60);
    }

    @Test
    void neverCutsBetweenTheHalvesOfASurrogatePair() {
        String message = "x".repeat(JdbcErrors.MESSAGE_LIMIT - 1) + "🌍" + "tail";

        String described = JdbcErrors.describe(new SQLException(message));

        assertThat(described).startsWith("x".repeat(JdbcErrors.MESSAGE_LIMIT - 1) + "…");
        assertThat(described.chars().filter(unit -> Character.isSurrogate((char) unit)))
                .isEmpty();
    }

    @Test
    void keepsOnlyTheFirstLineOfTheServersMessage() {
        assertThat(JdbcErrors.describe(new SQLException("relation \"t\" does not exist\n  Position: 15", "42P01")))
                .isEqualTo("relation \"t\" does not exist [SQLSTATE 42P01]");
    }
}
