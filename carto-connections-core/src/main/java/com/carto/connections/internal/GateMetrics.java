package com.carto.connections.internal;

/**
 * The running limit of one connection now, as its {@link ConcurrencyGate} counts it.
 *
 * @param running leases holding a permit
 * @param queued leases waiting for one
 * @param limit the connection's {@code maxConcurrentQueries}
 */
public record GateMetrics(int running, int queued, int limit) {}
