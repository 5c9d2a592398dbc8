package com.carto.connections;

import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Times one warehouse call from its start and hands how it ended to the observer, which may not break the call. */
final class CallTimer {
    private static final Logger LOG = LoggerFactory.getLogger(CallTimer.class);

    private final WarehouseObserver observer;
    private final WarehouseCall.Kind kind;
    private final String connectionId;
    private final String providerId;
    private final long startedNanos = System.nanoTime();

    CallTimer(WarehouseObserver observer, WarehouseCall.Kind kind, String connectionId, String providerId) {
        this.observer = observer;
        this.kind = kind;
        this.connectionId = connectionId;
        this.providerId = providerId;
    }

    void rejected() {
        report(WarehouseCall.Outcome.REJECTED, ErrorCategory.LIMIT_EXCEEDED, 0, 0);
    }

    void finished(@Nullable ErrorCategory failure, long rows, long bytes) {
        report(failure == null ? WarehouseCall.Outcome.SUCCEEDED : WarehouseCall.Outcome.FAILED, failure, rows, bytes);
    }

    private void report(WarehouseCall.Outcome outcome, @Nullable ErrorCategory error, long rows, long bytes) {
        if (observer == WarehouseObserver.NONE) {
            return;
        }
        try {
            observer.callFinished(new WarehouseCall(
                    kind,
                    connectionId,
                    providerId,
                    outcome,
                    Optional.ofNullable(error),
                    Duration.ofNanos(System.nanoTime() - startedNanos),
                    rows,
                    bytes));
        } catch (RuntimeException e) {
            LOG.warn("The warehouse observer failed on a {} of connection {}", kind, connectionId, e);
        }
    }
}
