package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.Optional;

/**
 * One call of a {@link Connections} to a warehouse, as a {@link WarehouseObserver} sees it when it ends.
 *
 * @param kind what was called
 * @param connectionId the stored connection it ran on
 * @param providerId the connection's provider
 * @param outcome succeeded, failed, or rejected before it ran (the connection's queue was full or the wait for a
 *     running slot ran out)
 * @param error the category of the failure or rejection; empty when it succeeded
 * @param elapsed from the call to its end: for a query, until its result was drained, failed or closed, so waiting
 *     for a running slot and the caller's own reading time are included
 * @param rows rows read from a query's result (0 for other kinds)
 * @param bytes the estimated bytes of the values the caller read from a query's result, as {@link
 *     com.carto.connections.spi.ResultLimits#estimateBytes} weighs them (0 for other kinds)
 */
public record WarehouseCall(
        Kind kind,
        String connectionId,
        String providerId,
        Outcome outcome,
        Optional<ErrorCategory> error,
        Duration elapsed,
        long rows,
        long bytes) {

    public WarehouseCall {
        requireNonNull(kind, "kind is null");
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(error, "error is null");
        requireNonNull(elapsed, "elapsed is null");
        if ((outcome == Outcome.SUCCEEDED) == error.isPresent()) {
            throw new IllegalArgumentException("an error is given exactly when the call did not succeed");
        }
        if (outcome == Outcome.REJECTED && error.get() != ErrorCategory.LIMIT_EXCEEDED) {
            throw new IllegalArgumentException("a rejected call fails with LIMIT_EXCEEDED");
        }
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must not be negative");
        }
    }

    /** What was called. */
    public enum Kind {
        /** {@link Connections#query}. */
        QUERY,
        /** {@link Connections#execute}. */
        EXECUTE,
        /** {@link Connections#createTable}. */
        CREATE_TABLE,
        /** {@link Connections#dropTable}. */
        DROP_TABLE,
        /** One page of {@link Connections#catalog}. */
        CATALOG,
        /** {@link Connections#tile} and {@link Connections#tileJson}. */
        TILE
    }

    /** How a call ended. */
    public enum Outcome {
        SUCCEEDED,
        FAILED,
        /** Never ran: the connection already ran its {@code maxConcurrentQueries} and its queue was full or the wait ran out. */
        REJECTED
    }
}
