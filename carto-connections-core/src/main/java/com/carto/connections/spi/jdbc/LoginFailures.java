package com.carto.connections.spi.jdbc;

import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The latest failed login of a pool, for a borrower to fail fast on: while the pool's logins fail (a server that is
 * down, a wrong password), waiting out the borrow timeout only delays the same answer. Thread-safe.
 */
final class LoginFailures {
    /** A failed login, by when it began: a login begun before a borrow is not that borrow's answer. */
    private record Failure(long beganNanos, SQLException exception) {}

    private volatile @Nullable Failure latest;

    /** A login that began at {@code beganNanos} (of {@link System#nanoTime()}) failed. */
    void failed(long beganNanos, SQLException exception) {
        latest = new Failure(beganNanos, exception);
    }

    void succeeded() {
        latest = null;
    }

    /**
     * The latest login failure if that login began at or after {@code sinceNanos} (of {@link System#nanoTime()}): a
     * login already under way when a borrow began may have met a server that has come back since (a reset, a
     * restart), and failing the borrow on it would fail a caller who came after the fault.
     */
    Optional<SQLException> since(long sinceNanos) {
        Failure failure = latest;
        return failure != null && failure.beganNanos() - sinceNanos >= 0
                ? Optional.of(failure.exception())
                : Optional.empty();
    }
}
