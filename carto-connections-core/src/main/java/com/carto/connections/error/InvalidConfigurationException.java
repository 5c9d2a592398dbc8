package com.carto.connections.error;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Settings that cannot work, with <em>every</em> problem found, each naming its property, so a user fixes a
 * form in one round trip. Messages never repeat a secret's value.
 */
public final class InvalidConfigurationException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidConfigurationException(List<Problem> problems) {
        super(ErrorCategory.INVALID_CONFIGURATION, describe(problems));
        this.problems = List.copyOf(problems);
    }

    public static InvalidConfigurationException of(String property, String message) {
        return new InvalidConfigurationException(List.of(new Problem(property, message)));
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
