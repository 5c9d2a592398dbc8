package com.carto.connections.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ParameterTypeTest {
    @Test
    void convertsWhatAJsonParserGivesToTheDeclaredType() {
        assertThat(ParameterType.STRING.coerce("p", "R1")).isEqualTo("R1");
        assertThat(ParameterType.INTEGER.coerce("p", 42)).isEqualTo(42L);
        assertThat(ParameterType.INTEGER.coerce("p", "-7")).isEqualTo(-7L);
        assertThat(ParameterType.DECIMAL.coerce("p", "12.50")).isEqualTo(new BigDecimal("12.50"));
        assertThat(ParameterType.FLOAT.coerce("p", 3)).isEqualTo(3.0);
        assertThat(ParameterType.BOOLEAN.coerce("p", true)).isEqualTo(true);
        assertThat(ParameterType.DATE.coerce("p", "2026-12-01")).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(ParameterType.TIMESTAMP.coerce("p", "2026-12-01T13:00:00+01:00"))
                .isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
    }

    @Test
    void refusesSqlWhereANumberIsDeclaredNamingTheFieldWithoutEchoingTheValue() {
        assertThatThrownBy(() -> ParameterType.INTEGER.coerce("parameters.min", "1; drop table secrets"))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("parameters.min")
                .hasMessageNotContaining("drop");
    }

    @Test
    void refusesAMissingValueNamingTheField() {
        assertThatThrownBy(() -> ParameterType.STRING.coerce("parameters.zone", null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("parameters.zone");
    }

    @Test
    void refusesNonFiniteFloatsAndOversizedIntegers() {
        assertThatThrownBy(() -> ParameterType.FLOAT.coerce("p", Double.NaN))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> ParameterType.INTEGER.coerce("p", "1234567890123456789012"))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> ParameterType.BOOLEAN.coerce("p", "true"))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void refusesAMalformedDateNamingTheField() {
        assertThatThrownBy(() -> ParameterType.DATE.coerce("parameters.day", "2026-13-45"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("parameters.day");
    }
}
