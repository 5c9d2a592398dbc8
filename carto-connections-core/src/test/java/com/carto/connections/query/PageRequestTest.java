package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {
    @ParameterizedTest
    @ValueSource(ints = {1, PageRequest.MAX_SIZE})
    void acceptsTheSmallestAndLargestSize(int size) {
        assertThat(PageRequest.first(size).size()).isEqualTo(size);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, PageRequest.MAX_SIZE + 1})
    void refusesASizeOutsideTheRangeNamingIt(int size) {
        assertThatThrownBy(() -> PageRequest.first(size)).satisfies(failure -> assertNames(failure, "size"));
    }

    @Test
    void acceptsASearchTextOfTheLongestLength() {
        String text = "x".repeat(PageRequest.MAX_TEXT_LENGTH);

        assertThat(PageRequest.first(10).nameContains(text).nameContains()).contains(text);
    }

    @Test
    void refusesASearchTextOneCharacterTooLongNamingIt() {
        String text = "x".repeat(PageRequest.MAX_TEXT_LENGTH + 1);

        assertThatThrownBy(() -> PageRequest.first(10).nameContains(text))
                .satisfies(failure -> assertNames(failure, "nameContains"))
                .hasMessageNotContaining(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "\u007f", "tab\t"})
    void refusesControlCharactersInThePageToken(String token) {
        assertThatThrownBy(() -> PageRequest.first(10).after(token))
                .satisfies(failure -> assertNames(failure, "pageToken"));
    }

    @Test
    void acceptsUnicodeSearchText() {
        assertThat(PageRequest.first(10).nameContains("mañana 🌍").nameContains())
                .contains("mañana 🌍");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void refusesADeadlineThatIsNotPositiveNamingIt(long seconds) {
        assertThatThrownBy(() -> PageRequest.first(10).deadline(Duration.ofSeconds(seconds)))
                .satisfies(failure -> assertNames(failure, "deadline"));
    }

    private static void assertNames(Throwable failure, String field) {
        assertThat(failure)
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        invalid -> assertThat(invalid.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly(field));
    }
}
