package com.carto.connections;

/**
 * The running slots of one connection now (its {@code maxConcurrentQueries}, shared by all its versions and
 * identities), for gauges. Read without a lock, so the figures may be a moment apart.
 *
 * @param active queries holding a slot, including results still being streamed
 * @param pending callers waiting in the connection's queue for a slot
 * @param limit the connection's {@code maxConcurrentQueries}
 */
public record PoolMetrics(int active, int pending, int limit) {
    public PoolMetrics {
        if (active < 0 || pending < 0 || limit < 1) {
            throw new IllegalArgumentException("active and pending must not be negative and limit must be positive: "
                    + active + ", " + pending + ", " + limit);
        }
    }

    /** Free slots: how many more queries could start at once; 0 just after the limit was lowered below those running. */
    public int idle() {
        return Math.max(0, limit - active);
    }
}
