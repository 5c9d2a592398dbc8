package com.carto.connections;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for connection names: 3–50 characters; lowercase letters and digits, '-' and '_' inside only. */
final class ConnectionNames {
    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 50;
    static final Pattern PATTERN = Pattern.compile("^[a-z0-9][a-z0-9_-]*[a-z0-9]$");

    private ConnectionNames() {}

    /** What is wrong with a name, phrased to follow the word "name", or empty when it is valid. */
    static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required");
        }
        if (name.length() < MIN_LENGTH || name.length() > MAX_LENGTH) {
            return Optional.of(
                    "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long but was " + name.length());
        }
        if (!PATTERN.matcher(name).matches()) {
            return Optional.of(
                    "may hold only lowercase letters, digits, '-' and '_', and must start and end with a letter or digit");
        }
        return Optional.empty();
    }
}
