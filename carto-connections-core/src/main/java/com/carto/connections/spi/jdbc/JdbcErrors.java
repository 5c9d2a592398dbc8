package com.carto.connections.spi.jdbc;

import com.carto.connections.ConnectionException;
import com.carto.connections.ErrorCategory;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/** Turns driver exceptions into {@link ConnectionException}s with the dialect's category, keeping codes and cause. */
final class JdbcErrors {
    private JdbcErrors() {}

    static ConnectionException translate(JdbcDialect dialect, String what, SQLException exception) {
        ErrorCategory category = categorize(dialect, exception);
        return new ConnectionException(
                category,
                what + " failed: " + describe(exception),
                exception,
                exception.getSQLState(),
                exception.getErrorCode());
    }

    static ErrorCategory categorize(JdbcDialect dialect, SQLException exception) {
        if (exception instanceof SQLTimeoutException) {
            return ErrorCategory.TIMEOUT;
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
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        return exception.getSQLState() == null ? message : message + " [SQLSTATE " + exception.getSQLState() + "]";
    }
}
