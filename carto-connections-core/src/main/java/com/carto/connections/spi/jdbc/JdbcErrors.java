package com.carto.connections.spi.jdbc;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/** Turns driver exceptions into {@link ConnectionException}s with the dialect's category, keeping codes and cause. */
final class JdbcErrors {
    /** The longest driver message kept, in UTF-16 units; servers quote the SQL near an error, however long it is. */
    static final int MESSAGE_LIMIT = 500;

    private JdbcErrors() {}

    static ConnectionException translate(JdbcDialect dialect, String what, SQLException exception) {
        Optional<ConnectionException> credentials = credentialFailure(exception);
        if (credentials.isPresent()) {
            return new ConnectionException(
                    credentials.get().category(),
                    what + " failed: " + credentials.get().getMessage(),
                    credentials.get());
        }
        ErrorCategory category = categorize(dialect, exception);
        SQLException coded = withSqlState(exception);
        return new ConnectionException(
                category,
                what + " failed: " + describe(exception),
                exception,
                coded.getSQLState(),
                coded.getErrorCode());
    }

    static ErrorCategory categorize(JdbcDialect dialect, SQLException exception) {
        Optional<ConnectionException> credentials = credentialFailure(exception);
        if (credentials.isPresent()) {
            return credentials.get().category();
        }
        if (exception instanceof SQLTimeoutException) {
            return ErrorCategory.TIMEOUT;
        }
        if (exception.getSQLState() == null && exception.getCause() instanceof SQLException cause) {
            // HikariCP reports a failed borrow without a SQLSTATE, with the driver's last failure as the cause.
            return categorize(dialect, cause);
        }
        ErrorCategory category = dialect.categorize(exception);
        if (category == ErrorCategory.INTERNAL && exception instanceof SQLTransientConnectionException) {
            // HikariCP signals a borrow that timed out this way, with no SQLSTATE of the warehouse.
            return ErrorCategory.UNAVAILABLE;
        }
        return category;
    }

    /** The driver's message with its SQLSTATE; driver messages name objects and values, never the password. */
    static String describe(SQLException exception) {
        // Only the first line: servers append their own "Hint:" and "Position:" lines, which read like the SDK's hint.
        String message = exception.getMessage() == null
                ? exception.getClass().getSimpleName()
                : bounded(exception.getMessage().lines().findFirst().orElse(""));
        if (exception.getSQLState() == null && exception.getCause() instanceof SQLException cause) {
            return message + ": " + describe(cause);
        }
        return exception.getSQLState() == null ? message : message + " [SQLSTATE " + exception.getSQLState() + "]";
    }

    private static String bounded(String message) {
        if (message.length() <= MESSAGE_LIMIT) {
            return message;
        }
        int end = Character.isHighSurrogate(message.charAt(MESSAGE_LIMIT - 1)) ? MESSAGE_LIMIT - 1 : MESSAGE_LIMIT;
        return message.substring(0, end) + "… (" + (message.length() - end) + " more characters)";
    }

    /** The credential source's own failure, when that is why a connection did not open (directly or through the pool). */
    private static Optional<ConnectionException> credentialFailure(SQLException exception) {
        Throwable current = exception;
        while (current instanceof SQLException) {
            if (current instanceof JdbcConnectionFactory.CredentialFailure failure) {
                return Optional.of(failure.failure());
            }
            current = current.getCause();
        }
        return Optional.empty();
    }

    private static SQLException withSqlState(SQLException exception) {
        SQLException current = exception;
        while (current.getSQLState() == null && current.getCause() instanceof SQLException cause) {
            current = cause;
        }
        return current;
    }
}
