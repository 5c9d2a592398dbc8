package com.carto.connections.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.secrets.Secret;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyValuesTest {
    private static final Property<String> HOST =
            Property.string("host").required().describedAs("host");
    private static final Property<Integer> PORT =
            Property.integer("port").range(1, 65_535).defaultValue(5432).describedAs("port");
    private static final Property<Secret> PASSWORD =
            Property.secret("password").required().describedAs("password");
    private static final Property<String> SSL_MODE = Property.choice("sslMode", "disable", "require")
            .defaultValue("require")
            .describedAs("tls");
    private static final Property<Boolean> COMPRESS = Property.bool("compress").describedAs("compress");
    private static final Property<Duration> TIMEOUT =
            Property.duration("timeout").describedAs("timeout");
    private static final List<Property<?>> ALL = List.of(HOST, PORT, PASSWORD, SSL_MODE, COMPRESS, TIMEOUT);

    @Test
    void parsesTypedValuesAndAppliesDefaults() {
        PropertyValues values = PropertyValues.parse(Map.of("host", "db", "password", "pw", "compress", "TRUE"), ALL);
        assertThat(values.get(HOST)).isEqualTo("db");
        assertThat(values.get(PORT)).isEqualTo(5432);
        assertThat(values.get(PASSWORD)).isEqualTo(Secret.of("pw"));
        assertThat(values.get(SSL_MODE)).isEqualTo("require");
        assertThat(values.get(COMPRESS)).isTrue();
        assertThat(values.find(TIMEOUT)).isEmpty();
    }

    @Test
    void acceptsIntegersAsNumbersOrText() {
        assertThat(PropertyValues.parse(Map.of("host", "h", "password", "p", "port", 6543), ALL)
                        .get(PORT))
                .isEqualTo(6543);
        assertThat(PropertyValues.parse(Map.of("host", "h", "password", "p", "port", " 6543 "), ALL)
                        .get(PORT))
                .isEqualTo(6543);
    }

    @Test
    void acceptsDurationsInSeveralSpellings() {
        for (Object spelling : List.of("90s", "PT1M30S", 90, "90")) {
            assertThat(PropertyValues.parse(Map.of("host", "h", "password", "p", "timeout", spelling), ALL)
                            .get(TIMEOUT))
                    .as(spelling.toString())
                    .isEqualTo(Duration.ofSeconds(90));
        }
        assertThat(PropertyValues.parse(Map.of("host", "h", "password", "p", "timeout", "5m"), ALL)
                        .get(TIMEOUT))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void reportsEveryProblemAtOnceEachNamingItsProperty() {
        Map<String, Object> raw = Map.of("port", "eighty", "sslMode", "maybe", "compress", "yes", "colour", "blue");
        InvalidConfigurationException failure =
                catchThrowableOfType(InvalidConfigurationException.class, () -> PropertyValues.parse(raw, ALL));
        assertThat(failure.problems())
                .extracting(Problem::property)
                .containsExactly("colour", "host", "port", "password", "sslMode", "compress");
        assertThat(failure.getMessage())
                .contains("port must be an integer but was 'eighty'")
                .contains("sslMode must be one of disable, require but was 'maybe'")
                .contains("host is required")
                .contains("colour is not a known property");
    }

    @Test
    void rejectsAPortOutsideItsRange() {
        assertThatThrownBy(() -> PropertyValues.parse(Map.of("host", "h", "password", "p", "port", 70_000), ALL))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("port must be between 1 and 65535 but was 70000");
    }

    @Test
    void rejectsBlankRequiredText() {
        assertThatThrownBy(() -> PropertyValues.parse(Map.of("host", "  ", "password", "p"), ALL))
                .hasMessageContaining("host must not be blank");
    }

    @Test
    void neverEchoesASecretValueInAProblem() {
        Map<String, Object> raw = new HashMap<>(Map.of("host", "h"));
        raw.put("password", "   ");
        InvalidConfigurationException blank =
                catchThrowableOfType(InvalidConfigurationException.class, () -> PropertyValues.parse(raw, ALL));
        assertThat(blank.getMessage()).isEqualTo("Invalid configuration: password must not be blank");
        raw.put("password", 12_345_678);
        InvalidConfigurationException wrongType =
                catchThrowableOfType(InvalidConfigurationException.class, () -> PropertyValues.parse(raw, ALL));
        assertThat(wrongType.getMessage()).doesNotContain("12345678").contains("password must be text");
    }

    @Test
    void treatsANullValueAsAbsent() {
        Map<String, Object> raw = new HashMap<>(Map.of("host", "h", "password", "p"));
        raw.put("port", null);
        assertThat(PropertyValues.parse(raw, ALL).get(PORT)).isEqualTo(5432);
    }

    @Test
    void printsSecretsRedactedAndSplitsSecretFromPlainValues() {
        PropertyValues values = PropertyValues.parse(Map.of("host", "h", "password", "hunter2"), ALL);
        assertThat(values.toString()).doesNotContain("hunter2").contains("host=h");
        assertThat(values.secretKeys()).containsExactly("password");
        assertThat(values.nonSecretValues()).containsOnlyKeys("host", "port", "sslMode");
    }

    @Test
    void refusesToReadAPropertyOfAnotherList() {
        PropertyValues values = PropertyValues.parse(Map.of("host", "h", "password", "p"), ALL);
        assertThatThrownBy(() -> values.get(Property.string("other").describedAs("other")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTwoPropertiesWithOneName() {
        assertThatThrownBy(() -> PropertyValues.parse(Map.of(), List.of(HOST, Property.string("host"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }
}
