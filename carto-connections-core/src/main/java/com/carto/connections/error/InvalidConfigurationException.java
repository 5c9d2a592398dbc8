package com.carto.connections.error;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Settings that cannot work, with <em>every</em> problem found, each naming its property, so a user fixes a
 * form in one round trip. Messages never repeat a secret's value.
 */
public final class InvalidConfigurationException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    private static final int ECHO_LIMIT = 60;

    private final transient List<Problem> problems;

    public InvalidConfigurationException(List<Problem> problems) {
        super(ErrorCategory.INVALID_CONFIGURATION, describe(problems));
        this.problems = List.copyOf(problems);
    }

    public static InvalidConfigurationException of(String property, String message) {
        return new InvalidConfigurationException(List.of(new Problem(property, message)));
    }

    /**
     * At most {@value #ECHO_LIMIT} code points of a value the user sent, control characters escaped, for quoting it in
     * a message: whatever was sent, a message stays short and printable. Never for a secret's value.
     */
    public static String abbreviate(String value) {
        StringBuilder shown = new StringBuilder();
        int codePoints = 0;
        for (int index = 0; index < value.length(); index = value.offsetByCodePoints(index, 1)) {
            if (codePoints++ == ECHO_LIMIT) {
                return shown.append('…').toString();
            }
            int codePoint = value.codePointAt(index);
            if (Character.isISOControl(codePoint)) {
                shown.append(String.format(Locale.ROOT, "\\u%04X", codePoint));
            } else {
                shown.appendCodePoint(codePoint);
            }
        }
        return shown.toString();
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration needs at least one problem");
        }
        return problems.stream()
                .map(Problem::toString)
                .collect(Collectors.joining("; ", "Invalid configuration: ", ""));
    }

    /**
     * One thing wrong with one property.
     *
     * @param property the property's name as the user typed it (e.g. {@code port})
     * @param message what is wrong, without the value when the property is secret
     */
    public record Problem(String property, String message) {
        public Problem {
            requireNonNull(property, "property is null");
            requireNonNull(message, "message is null");
        }

        @Override
        public String toString() {
            return property + " " + message;
        }
    }
}
