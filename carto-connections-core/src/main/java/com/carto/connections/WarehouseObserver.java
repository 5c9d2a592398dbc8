package com.carto.connections;

import com.carto.connections.check.CheckReport;
import java.util.Optional;

/**
 * Observes the work a {@link Connections} does in warehouses, for metrics and tracing: every query, statement,
 * write-back and catalog page once it ends ({@link #callFinished}), and every live check ({@link #checkFinished}).
 * Set one with {@link Connections.Builder#observer}; the default, {@link #NONE}, costs nothing.
 *
 * <p>What an observer receives is safe to turn into metric tags: connection and provider ids, an {@link
 * com.carto.connections.error.ErrorCategory}, counts and durations — never SQL text, a parameter value, a user id, a
 * message or a secret. Only calls on a stored connection that the principal may use are observed, so a connection id
 * is always one the store holds, never text a caller made up; a call refused before that (an unknown id, no access)
 * reaches no warehouse and is not observed.
 *
 * <p>Called on the thread that did the work (for a streamed query, the thread that drained, failed or closed its
 * result), so it must be quick and thread-safe. An observer that throws is logged and ignored.
 */
public interface WarehouseObserver {
    /** Observes nothing. */
    WarehouseObserver NONE = new WarehouseObserver() {};

    /** A call to a warehouse ended: succeeded, failed, or was rejected before it ran. */
    default void callFinished(WarehouseCall call) {}

    /**
     * A live check ran.
     *
     * @param providerId the connection's provider
     * @param connectionId the stored connection checked; empty for a draft or a connection being created, whose id is
     *     not (yet) in the store
     * @param report what each stage found
     */
    default void checkFinished(String providerId, Optional<String> connectionId, CheckReport report) {}
}
