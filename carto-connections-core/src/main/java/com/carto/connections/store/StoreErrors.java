package com.carto.connections.store;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * What a failed store statement means to the caller, by SQLSTATE, for H2 and PostgreSQL alike: only failures that a
 * later retry may cure are {@link ErrorCategory#UNAVAILABLE}, so bad input is not retried forever.
 */
final class StoreErrors {
    /** Longest stretch of a database message an error repeats: some echo the rejected value, which may be large. */
    static final int MAX_ECHOED = 300;

    private StoreErrors() {}

    /** The category of a store failure with this SQLSTATE; {@code INTERNAL} for what no caller can act on. */
    static ErrorCategory category(@Nullable String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return ErrorCategory.INTERNAL;
        }
        switch (sqlState) {
            case "23505": // unique violation
                return ErrorCategory.CONFLICT;
            case "23503": // foreign key: a dependent or a parent changed meanwhile
            case "23506": // H2: a parent row still referenced
                return ErrorCategory.IN_USE;
            case "40001": // serialization failure; H2 reports deadlocks with it too
            case "40P01": // PostgreSQL deadlock
            case "55P03": // PostgreSQL lock_not_available (lock_timeout)
            case "HYT00": // H2 lock timeout
            case "57P01": // PostgreSQL admin shutdown
            case "57P02": // crash shutdown
            case "57P03": // cannot connect now (starting up)
            case "90067": // H2 connection broken
            case "90098": // H2 database closed
            case "90131": // H2 concurrent update of one row
                return ErrorCategory.UNAVAILABLE;
            case "57014": // statement cancelled by statement_timeout
                return ErrorCategory.TIMEOUT;
            case "90020": // H2 file locked by another process
                return ErrorCategory.CONFLICT;
            default:
                break;
        }
        switch (sqlState.substring(0, 2)) {
            case "08": // connection exceptions
            case "53": // insufficient resources: too many connections, disk full, out of memory
                return ErrorCategory.UNAVAILABLE;
            case "22": // data exceptions: value too long, invalid text representation, out of range
            case "23": // other integrity violations: not null, check
                return ErrorCategory.INVALID_CONFIGURATION;
            default:
                return ErrorCategory.INTERNAL;
        }
    }

    /** Wraps a store failure, classified by the first {@link SQLException} in its causes, keeping it as the cause. */
    static ConnectionException failure(String what, Exception cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (detail.length() > MAX_ECHOED) {
            detail = detail.substring(0, MAX_ECHOED) + "… (" + detail.length() + " characters)";
        }
        String message = "Connection store: " + what + " failed: " + detail;
        // A pool wraps the driver's SQLException; its state is what says what happened.
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof SQLException sql) {
                return new ConnectionException(
                        category(sql.getSQLState()), message, cause, sql.getSQLState(), sql.getErrorCode());
            }
        }
        return new ConnectionException(ErrorCategory.UNAVAILABLE, message, cause);
    }
}
