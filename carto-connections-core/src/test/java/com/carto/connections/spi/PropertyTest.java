package com.carto.connections.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.secrets.Secret;
import java.util.Optional;
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

    @Test
    void refusesAValueItsRuleRefusesWithTheRulesWords() {
        Property<String> region = Property.string("region")
                .validatedBy(value -> value.startsWith("us-") ? Optional.empty() : Optional.of("must start with us-"));

        assertThat(region.parse("us-west-2").value()).isEqualTo("us-west-2");
        assertThat(region.parse("eu-west-1").problem()).isEqualTo("must start with us-");
    }

    @Test
    void appliesEveryRuleInTheOrderTheyWereAdded() {
        Property<String> code = Property.string("code")
                .validatedBy(value -> value.length() == 3 ? Optional.empty() : Optional.of("must be 3 characters"))
                .validatedBy(value -> value.equals(value.toUpperCase(java.util.Locale.ROOT))
                        ? Optional.empty()
                        : Optional.of("must be upper case"));

        assertThat(code.parse("abcd").problem()).isEqualTo("must be 3 characters");
        assertThat(code.parse("abc").problem()).isEqualTo("must be upper case");
        assertThat(code.parse("ABC").problem()).isNull();
    }

    @Test
    void appliesTheTypesOwnChecksBeforeTheRule() {
        Property<String> host = Property.string("host").validatedBy(value -> Optional.of("rule ran"));

        assertThat(host.parse("db\u0000").problem()).startsWith("must not contain control characters");
    }

    @Test
    void keepsItsRuleThroughLaterRefinements() {
        Property<String> host = Property.string("host")
                .validatedBy(value -> Optional.of("is refused"))
                .required()
                .describedAs("Host");

        assertThat(host.parse("db").problem()).isEqualTo("is refused");
    }
}
