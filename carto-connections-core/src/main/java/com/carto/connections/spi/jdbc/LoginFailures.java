package com.carto.connections.spi.jdbc;

import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The latest failed login of a pool, for a borrower to fail fast on: while the pool's logins fail (a server that is
 * down, a wrong password), waiting out the borrow timeout only delays the same answer. Thread-safe.
 */
final class LoginFailures {
    private record Failure(long atNanos, SQLException exception) {}

    private volatile @Nullable Failure latest;

    void failed(SQLException exception) {
        latest = new Failure(System.nanoTime(), exception);
    }

    void succeeded() {
        latest = null;
    }

    /** The latest login failure if it came at or after {@code sinceNanos} (of {@link System#nanoTime()}). */
    Optional<SQLException> since(long sinceNanos) {
        Failure failure = latest;
        return failure != null && failure.atNanos() - sinceNanos >= 0
                ? Optional.of(failure.exception())
                : Optional.empty();
    }
}
