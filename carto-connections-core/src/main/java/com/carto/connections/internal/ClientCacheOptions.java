package com.carto.connections.internal;

import com.carto.connections.error.InvalidConfigurationException;
import java.time.Duration;

/**
 * How many clients a {@link ClientCache} keeps and how long it lets callers and results wait.
 *
 * @param maxClients the most clients kept open at once (busy evicted clients still draining aside); at least 1
 * @param maxQueueWait how long a lease waits for one of its connection's permits before {@code LIMIT_EXCEEDED};
 *     zero rejects at once when the connection is at its limit
 * @param abandonedAfter a streaming result with no {@code next()} call for this long is closed; positive
 */
public record ClientCacheOptions(int maxClients, Duration maxQueueWait, Duration abandonedAfter) {
    public static final int DEFAULT_MAX_CLIENTS = 200;
    /** Matches the pool's own borrow timeout, which a lease never meets since the pool is as large as the limit. */
    public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofSeconds(30);

    public static final Duration DEFAULT_ABANDONED_AFTER = Duration.ofMinutes(5);

    public ClientCacheOptions {
        if (maxClients < 1) {
            throw InvalidConfigurationException.of("maxClients", "must be at least 1 but was " + maxClients);
        }
        if (maxQueueWait == null || maxQueueWait.isNegative()) {
            throw InvalidConfigurationException.of("maxQueueWait", "must be zero or positive but was " + maxQueueWait);
        }
        if (abandonedAfter == null || abandonedAfter.isNegative() || abandonedAfter.isZero()) {
            throw InvalidConfigurationException.of("abandonedAfter", "must be positive but was " + abandonedAfter);
        }
    }

    public static ClientCacheOptions defaults() {
        return new ClientCacheOptions(DEFAULT_MAX_CLIENTS, DEFAULT_MAX_QUEUE_WAIT, DEFAULT_ABANDONED_AFTER);
    }

    public ClientCacheOptions withMaxClients(int max) {
        return new ClientCacheOptions(max, maxQueueWait, abandonedAfter);
    }

    public ClientCacheOptions withMaxQueueWait(Duration wait) {
        return new ClientCacheOptions(maxClients, wait, abandonedAfter);
    }

    public ClientCacheOptions withAbandonedAfter(Duration idle) {
        return new ClientCacheOptions(maxClients, maxQueueWait, idle);
    }
}
