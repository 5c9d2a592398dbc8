package com.carto.connections.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {
    @Test
    void acceptsIdsOfExactlyTheStoresLength() {
        String longest = "u".repeat(255);
        Principal principal = new Principal(longest, longest, Role.EDITOR, Set.of(longest));
        assertThat(principal.userId()).hasSize(255);
    }

    @Test
    void refusesAUserIdOneCharacterLongerThanTheStoreKeeps() {
        assertThatThrownBy(() -> Principal.of("u".repeat(256), "acme", Role.EDITOR))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid configuration: userId must be 1 to 255 characters, not blank")
                .extracting(failure -> ((InvalidConfigurationException) failure).category())
                .isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
    }

    @Test
    void refusesAnOverlongOrganizationIdByName() {
        assertThatThrownBy(() -> Principal.of("alice", "o".repeat(256), Role.EDITOR))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("organizationId must be 1 to 255 characters");
    }

    @Test
    void refusesABlankGroup() {
        assertThatThrownBy(() -> new Principal("alice", "acme", Role.EDITOR, Set.of(" ")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("groups must be 1 to 255 characters");
    }

    @Test
    void refusesAControlCharacterInAnId() {
        assertThatThrownBy(() -> Principal.of("alice\0", "acme", Role.EDITOR))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("userId must not contain control characters");
    }
}
