package com.carto.connections.error;

import java.util.Objects;
import java.util.Optional;

/**
 * The one exception the SDK throws for conditions a correct program can still meet: bad settings, a
 * rejected password, an unreachable warehouse, a limit reached. Switch on {@link #category()}.
 *
 * <p>The message names the provider and property involved and never contains a secret. When a driver
 * failed, its exception is the {@linkplain #getCause() cause} and its SQLSTATE and vendor code are kept.
 * Programming errors (a null argument) are plain {@code NullPointerException}/{@code IllegalArgumentException}.
 */
public class ConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;
    private final String sqlState;
    private final Integer vendorCode;

    public ConnectionException(ErrorCategory category, String message) {
        this(category, message, null, null, null);
    }

    public ConnectionException(ErrorCategory category, String message, Throwable cause) {
        this(category, message, cause, null, null);
    }

    public ConnectionException(
            ErrorCategory category, String message, Throwable cause, String sqlState, Integer vendorCode) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category is null");
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
    }

    public ErrorCategory category() {
        return category;
    }

    /** Whether retrying the same call later may succeed. */
    public boolean isRetryable() {
        return category.isRetryable();
    }

    /** The SQLSTATE reported by the warehouse driver, when there was one. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }

    /** The warehouse's own error code (an ORA- number, an HTTP status), when there was one. */
    public Optional<Integer> vendorCode() {
        return Optional.ofNullable(vendorCode);
    }

    @Override
    public String toString() {
        return getClass().getName() + " [" + category + "]: " + getMessage();
    }
}
