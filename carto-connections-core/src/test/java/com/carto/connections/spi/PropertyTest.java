package com.carto.connections.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.secrets.Secret;
import org.junit.jupiter.api.Test;

class PropertyTest {
    @Test
    void requiresCamelCaseNames() {
        assertThatThrownBy(() -> Property.string("ssl_mode")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Property.string("SslMode")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Property.string("sslMode").name()).isEqualTo("sslMode");
    }

    @Test
    void refusesADefaultOutsideItsChoices() {
        assertThatThrownBy(() -> Property.choice("mode", "a", "b").defaultValue("c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be one of a, b");
    }

    @Test
    void refusesADefaultOutsideItsRange() {
        assertThatThrownBy(() -> Property.integer("port").range(1, 10).defaultValue(11))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesADefaultOnARequiredProperty() {
        assertThatThrownBy(() -> Property.string("host").required().defaultValue("x"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Property.string("host").defaultValue("x").required())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesADefaultSecret() {
        assertThatThrownBy(() -> Property.secret("password").defaultValue(Secret.of("x")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void putsSecretsInTheAuthenticationGroupAndTypesThemAsSecret() {
        Property<Secret> password = Property.secret("password");
        assertThat(password.isSecret()).isTrue();
        assertThat(password.valueType()).isEqualTo(Secret.class);
        assertThat(password.group()).isEqualTo(PropertyGroup.AUTHENTICATION);
    }

    @Test
    void keepsDescriptorsImmutable() {
        Property<String> plain = Property.string("host");
        Property<String> required = plain.required().describedAs("Host");
        assertThat(plain.isRequired()).isFalse();
        assertThat(plain.description()).isEmpty();
        assertThat(required.isRequired()).isTrue();
    }
}
