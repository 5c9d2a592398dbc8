package com.carto.connections.internal;

/**
 * A snapshot of a {@link ClientCache}, cheap to take, for tests, benchmarks and monitoring. Counters are read one after
 * another, so under load they may be a moment apart from each other.
 *
 * @param openClients clients opened and not yet closed, including evicted or retired ones still draining their leases
 * @param cachedClients slots in the cache, at most its {@code maxClients} (a slot's client may not be opened yet)
 * @param leasesOut leases not yet given back, including those owned by open streaming results
 * @param openResults streaming results not yet closed, drained, failed or abandoned
 * @param evictions clients evicted to stay within {@code maxClients} since the cache was created
 * @param abandonedResults results closed by the sweep because nothing read them
 */
public record ClientCacheMetrics(
        int openClients, int cachedClients, long leasesOut, int openResults, long evictions, long abandonedResults) {}
