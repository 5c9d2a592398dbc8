package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.Optional;

/**
 * Which page of a catalog listing to read.
 *
 * @param size at most this many items (1–1000)
 * @param pageToken the token of the previous page, or empty for the first
 * @param nameContains keeps only names containing this text, ignoring case; empty keeps all
 * @param deadline how long the warehouse may take before the call fails with {@link ErrorCategory#TIMEOUT}
 */
public record PageRequest(int size, Optional<String> pageToken, Optional<String> nameContains, Duration deadline) {
    public static final int MAX_SIZE = 1000;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    public PageRequest {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + " but was " + size);
        }
        requireNonNull(pageToken, "pageToken is null");
        requireNonNull(nameContains, "nameContains is null");
        requireNonNull(deadline, "deadline is null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive but was " + deadline);
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
