package com.carto.connections.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void toStringShowsNothingOfTheValue() {
        Secret secret = Secret.of("hunter2");
        assertThat(secret.toString()).isEqualTo("Secret[redacted]").doesNotContain("hunter2");
        assertThat(List.of(secret).toString()).doesNotContain("hunter2");
    }

    @Test
    void revealReturnsTheValue() {
        assertThat(Secret.of("hunter2").reveal()).isEqualTo("hunter2");
    }

    @Test
    void equalsComparesValues() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }

    @Test
    void hashCodeDoesNotDependOnTheValue() {
        assertThat(Secret.of("a").hashCode())
                .isEqualTo(Secret.of("something else").hashCode());
    }

    @Test
    void recordsHoldingASecretPrintItRedacted() {
        record Login(String user, Secret password) {}
        assertThat(new Login("carto", Secret.of("hunter2")).toString())
                .doesNotContain("hunter2")
                .contains("carto");
    }

    @Test
    void isNotSerializable() {
        assertThat(Secret.of("a")).isNotInstanceOf(Serializable.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }
}
