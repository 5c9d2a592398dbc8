package com.carto.connections.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every text property is bounded in length and characters, and a problem echoes only a short printable prefix. */
class PropertyBoundsTest {
    private static final Property<String> HOST =
            Property.string("host").required().describedAs("host");
    private static final Property<String> CERTIFICATE =
            Property.text("certificate").describedAs("PEM");
    private static final Property<Secret> PASSWORD = Property.secret("password").describedAs("password");
    private static final Property<String> MODE =
            Property.choice("mode", "a", "b").describedAs("mode");
    private static final List<Property<?>> ALL = List.of(HOST, CERTIFICATE, PASSWORD, MODE);

    @Test
    void acceptsAStringOfExactlyItsTypesDefaultLength() {
        String longest = "h".repeat(PropertyType.STRING.defaultMaxLength());
        assertThat(PropertyValues.parse(Map.of("host", longest), ALL).get(HOST)).isEqualTo(longest);
    }

    @Test
    void refusesAStringOneCharacterLongerThanItsBound() {
        String tooLong = "h".repeat(PropertyType.STRING.defaultMaxLength() + 1);
        assertThat(problem(Map.of("host", tooLong))).isEqualTo("host must be at most 1024 characters but was 1025");
    }

    @Test
    void appliesAPropertysOwnBoundAtItsEdges() {
        Property<String> hostName =
                Property.string("host").maxLength(253).required().describedAs("host");
        assertThat(PropertyValues.parse(Map.of("host", "h".repeat(253)), List.of(hostName))
                        .get(hostName))
                .hasSize(253);
        assertThatThrownBy(() -> PropertyValues.parse(Map.of("host", "h".repeat(254)), List.of(hostName)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("host must be at most 253 characters but was 254");
    }

    @Test
    void keepsATenMegabyteValueOutOfTheMessage() {
        InvalidConfigurationException refused = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> PropertyValues.parse(Map.of("host", "x".repeat(10_000_000)), ALL));
        assertThat(refused.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(refused.getMessage()).hasSizeLessThan(200);
    }

    @Test
    void keepsAHugeUnknownKeyOutOfTheMessage() {
        String key = "k".repeat(1_000_000);
        assertThat(problem(Map.of("host", "h", key, "v")))
                .startsWith("k".repeat(60) + "… is not a known property")
                .hasSizeLessThan(200);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x85})
    void refusesEveryControlCharacterInAOneLineString(int control) {
        String host = "db" + (char) control + "evil";
        assertThat(problem(Map.of("host", host)))
                .startsWith(
                        String.format("host must not contain control characters but has U+%04X at position 3", control))
                .doesNotContain(String.valueOf((char) control));
    }

    @Test
    void keepsLineBreaksAndTabsInMultiLineText() {
        String pem = "-----BEGIN CERTIFICATE-----\r\n\tMIIB\n-----END CERTIFICATE-----\n";
        assertThat(PropertyValues.parse(Map.of("host", "h", "certificate", pem), ALL)
                        .get(CERTIFICATE))
                .isEqualTo(pem);
    }

    @Test
    void refusesANulInMultiLineText() {
        assertThat(problem(Map.of("host", "h", "certificate", "-----BEGIN\0")))
                .startsWith("certificate must not contain control characters but has U+0000 at position 11");
    }

    @Test
    void refusesANulInASecretWithoutEchoingIt() {
        String password = "hunter2\0";
        assertThat(problem(Map.of("host", "h", "password", password)))
                .isEqualTo("password must not contain control characters but has U+0000 at position 8");
    }

    @Test
    void refusesAnOverlongSecretWithoutEchoingIt() {
        String password = "s3cret".repeat(20_000);
        assertThat(problem(Map.of("host", "h", "password", password)))
                .isEqualTo("password must be at most 65536 characters but was 120000");
    }

    @Test
    void acceptsASecretWithThePemLineBreaksOfAPrivateKey() {
        String key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
        assertThat(PropertyValues.parse(Map.of("host", "h", "password", key), ALL)
                        .get(PASSWORD))
                .isEqualTo(Secret.of(key));
    }

    @Test
    void echoesAnUnknownChoiceWithItsControlCharactersEscaped() {
        assertThat(problem(Map.of("host", "h", "mode", "c\u001b[2J")))
                .isEqualTo("mode must not contain control characters but has U+001B at position 2 in 'c\\u001B[2J'");
    }

    @Test
    void neverSplitsASurrogatePairWhenItShortensAnEcho() {
        String value = "a".repeat(59) + "😀😀";
        String shown = InvalidConfigurationException.abbreviate(value);
        assertThat(shown).isEqualTo("a".repeat(59) + "😀…");
        assertThat(shown.chars()
                        .filter(unit -> Character.isSurrogate((char) unit))
                        .count())
                .isEqualTo(2);
    }

    @Test
    void refusesABoundOnANonTextProperty() {
        assertThatThrownBy(() -> Property.integer("port").maxLength(5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Property.string("host").maxLength(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String problem(Map<String, ?> raw) {
        InvalidConfigurationException refused =
                catchThrowableOfType(InvalidConfigurationException.class, () -> PropertyValues.parse(raw, ALL));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.problems()).hasSize(1);
        return refused.problems().get(0).toString();
    }
}
