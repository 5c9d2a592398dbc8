package com.carto.connections.error;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    private final @Nullable String sqlState;
    private final @Nullable Integer vendorCode;

    public ConnectionException(ErrorCategory category, String message) {
        this(category, message, null, null, null);
    }

    public ConnectionException(ErrorCategory category, String message, @Nullable Throwable cause) {
        this(category, message, cause, null, null);
    }

    public ConnectionException(
            ErrorCategory category,
            String message,
            @Nullable Throwable cause,
            @Nullable String sqlState,
            @Nullable Integer vendorCode) {
        super(Objects.requireNonNull(message, "message is null"), cause);
        this.category = Objects.requireNonNull(category, "category is null");
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
    }

    public ErrorCategory category() {
        return category;
    }

    /** The message, never null: every constructor requires one. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
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

    // The category belongs on the first line of a stack trace, which toString() prints; getMessage() stays the
    // plain sentence that hosts show to their users.
    @SuppressWarnings("OverrideThrowableToString")
    @Override
    public String toString() {
        return getClass().getName() + " [" + category + "]: " + getMessage();
    }
}
