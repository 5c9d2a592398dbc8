package com.carto.connections.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdvancedOptionsTest {
    private final Dialect dialect = new Dialect() {
        @Override
        public String defaultTempLocation() {
            return "scratch";
        }
    };

    @Test
    void pinsEveryDefault() {
        assertThat(AdvancedOptions.defaults(dialect))
                .isEqualTo(new AdvancedOptions(10, Duration.ofMinutes(10), "carto", "carto", "scratch", false));
    }

    @Test
    void pinsAnExplicitValueForEveryOption() {
        Map<String, Object> raw = Map.of(
                "maxConcurrentQueries", 3,
                "queryTimeout", "45s",
                "analyticsToolboxLocation", "toolbox",
                "dataObservatoryLocation", "observatory",
                "tempLocation", "tmp",
                "namedSourcesOnly", true);
        assertThat(AdvancedOptions.parse(raw, dialect))
                .isEqualTo(new AdvancedOptions(3, Duration.ofSeconds(45), "toolbox", "observatory", "tmp", true));
    }

    @Test
    void defaultsTheDataObservatoryToTheToolboxLocation() {
        assertThat(AdvancedOptions.parse(Map.of("analyticsToolboxLocation", "at"), dialect)
                        .dataObservatoryLocation())
                .isEqualTo("at");
    }

    @Test
    void rejectsConcurrencyOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> AdvancedOptions.parse(Map.of("maxConcurrentQueries", 0), dialect))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("maxConcurrentQueries must be between 1 and 1000");
    }
}
