package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamedParameterTest {
    @Test
    void keepsItsNameAndValue() {
        NamedParameter parameter = NamedParameter.of("zone_1", "R1");
        assertThat(parameter.name()).isEqualTo("zone_1");
        assertThat(parameter.value()).isEqualTo("R1");
    }

    @Test
    void bindsNullAsSqlNull() {
        assertThat(NamedParameter.of("missing", null).value()).isNull();
    }

    @Test
    void rejectsANameThatSqlCannotSpell() {
        assertThatThrownBy(() -> NamedParameter.of("1st zone", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1st zone");
    }

    @Test
    void leavesTheValueOutOfToString() {
        assertThat(NamedParameter.of("zone", "secret-zone").toString()).isEqualTo("NamedParameter[zone]");
    }
}
