package com.carto.connections;

/**
 * A snapshot of the warehouse clients (usually pools) a {@link Connections} holds, cheap to take, for monitoring,
 * tests and benchmarks. The figures are read one after another without a lock, so under load they may be a moment
 * apart (and are not checked against each other). No figure names a connection, a user or a credential.
 *
 * @param openClients clients opened and not yet closed, including evicted or retired ones still finishing their work
 * @param cachedClients clients kept for reuse, at most {@link Connections.Builder#maxClients(int)}
 * @param leasesOut clients borrowed and not yet given back, including those streaming a result
 * @param openResults streaming query results not yet closed, drained, failed or abandoned
 * @param evictions clients closed to stay within the maximum since the instance was built
 * @param abandonedResults results the SDK closed because nothing read them for the abandonment timeout
 */
public record ClientMetrics(
        int openClients, int cachedClients, long leasesOut, int openResults, long evictions, long abandonedResults) {}
