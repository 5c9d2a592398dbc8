package com.carto.connections.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharingTest {
    @ParameterizedTest
    @ValueSource(strings = {"team\u0000", "line\nbreak", "\u007f", "tab\tgroup"})
    void refusesAGroupNameWithAControlCharacterThatNoPrincipalCouldHold(String group) {
        assertThatThrownBy(() -> Sharing.groups(group))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("sharing.groups"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 255})
    void acceptsAGroupNameOfEveryLengthAPrincipalCouldHold(int length) {
        String group = "é".repeat(length);

        assertThat(Sharing.groups(group).groups()).containsExactly(group);
        assertThat(new Principal("alice", "acme", Role.VIEWER, java.util.Set.of(group)).groups())
                .containsExactly(group);
    }
}
