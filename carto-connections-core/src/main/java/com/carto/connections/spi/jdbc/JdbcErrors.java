package com.carto.connections.spi.jdbc;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/** Turns driver exceptions into {@link ConnectionException}s with the dialect's category, keeping codes and cause. */
final class JdbcErrors {
    private JdbcErrors() {}

    static ConnectionException translate(JdbcDialect dialect, String what, SQLException exception) {
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
        if (exception instanceof SQLTimeoutException) {
            return ErrorCategory.TIMEOUT;
        }
        if (exception.getSQLState() == null && exception.getCause() instanceof SQLException cause) {
            // HikariCP reports a failed borrow without a SQLSTATE, with the driver's last failure as the cause.
            return categorize(dialect, cause);
        }
        ErrorCategory category = dialect.categorize(
                exception.getSQLState() == null ? "" : exception.getSQLState(), exception.getErrorCode());
        if (category == ErrorCategory.INTERNAL && exception instanceof SQLTransientConnectionException) {
            // HikariCP signals a borrow that timed out this way, with no SQLSTATE of the warehouse.
            return ErrorCategory.UNAVAILABLE;
        }
        return category;
    }

    /** The driver's message with its SQLSTATE; driver messages name objects and values, never the password. */
    static String describe(SQLException exception) {
        // Only the first line: servers append their own "Hint:" and "Position:" lines, which read like the SDK's hint.
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage().lines().findFirst().orElse("");
        if (exception.getSQLState() == null && exception.getCause() instanceof SQLException cause) {
            return message + ": " + describe(cause);
        }
        return exception.getSQLState() == null ? message : message + " [SQLSTATE " + exception.getSQLState() + "]";
    }

    private static SQLException withSqlState(SQLException exception) {
        SQLException current = exception;
        while (current.getSQLState() == null && current.getCause() instanceof SQLException cause) {
            current = cause;
        }
        return current;
    }
}
