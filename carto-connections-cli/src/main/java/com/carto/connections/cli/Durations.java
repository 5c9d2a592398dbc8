package com.carto.connections.cli;

import com.carto.connections.error.InvalidConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as operators type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private Durations() {}

    static Duration parse(String option, String text) {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw InvalidConfigurationException.of(
                    option,
                    "must be a number and a unit, ms, s, m or h (e.g. 30s), not '"
                            + InvalidConfigurationException.abbreviate(text) + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.isZero()) {
            throw InvalidConfigurationException.of(option, "must be longer than zero");
        }
        return duration;
    }
}
