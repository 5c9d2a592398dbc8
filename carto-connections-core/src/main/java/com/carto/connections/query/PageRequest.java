package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.time.Duration;
import java.util.Optional;

/**
 * Which page of a listing to read: of connections, or of a warehouse's catalog.
 *
 * <p>Values a listing UI may pass through from its user are checked here, each failing with an
 * {@link InvalidConfigurationException} naming the field: a size outside 1–1000, a page token or search text longer
 * than {@value #MAX_TEXT_LENGTH} characters or holding a control character, a deadline that is not positive.
 *
 * @param size at most this many items (1–1000)
 * @param pageToken the token of the previous page, or empty for the first
 * @param nameContains keeps only names containing this text, ignoring case; empty keeps all
 * @param deadline how long the warehouse may take before the call fails with {@link ErrorCategory#TIMEOUT}
 */
public record PageRequest(int size, Optional<String> pageToken, Optional<String> nameContains, Duration deadline) {
    public static final int MAX_SIZE = 1000;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    public static final int MAX_TEXT_LENGTH = 1024;

    public PageRequest {
        if (size < 1 || size > MAX_SIZE) {
            throw InvalidConfigurationException.of("size", "must be between 1 and " + MAX_SIZE + " but was " + size);
        }
        requireNonNull(pageToken, "pageToken is null");
        requireNonNull(nameContains, "nameContains is null");
        requireNonNull(deadline, "deadline is null");
        pageToken.ifPresent(token -> requireText("pageToken", token));
        nameContains.ifPresent(text -> requireText("nameContains", text));
        if (deadline.isNegative() || deadline.isZero()) {
            throw InvalidConfigurationException.of("deadline", "must be positive but was " + deadline);
        }
    }

    private static void requireText(String field, String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw InvalidConfigurationException.of(field, "must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw InvalidConfigurationException.of(field, "must not contain control characters");
        }
    }

    /** The first page of {@code size} items, unfiltered, with the default deadline. */
    public static PageRequest first(int size) {
        return new PageRequest(size, Optional.empty(), Optional.empty(), DEFAULT_DEADLINE);
    }

    public PageRequest after(String pageToken) {
        return new PageRequest(size, Optional.of(pageToken), nameContains, deadline);
    }

    public PageRequest nameContains(String text) {
        return new PageRequest(size, pageToken, Optional.of(text), deadline);
    }

    public PageRequest deadline(Duration deadline) {
        return new PageRequest(size, pageToken, nameContains, deadline);
    }
}
