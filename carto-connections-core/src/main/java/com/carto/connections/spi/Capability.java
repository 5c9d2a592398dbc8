package com.carto.connections.spi;

/**
 * An optional ability a provider declares in {@link ConnectionProvider#capabilities()}. What a provider does not
 * declare fails with {@link com.carto.connections.error.ErrorCategory#UNSUPPORTED}; the contract suite checks both ways.
 */
public enum Capability {
    /** Each user may bring their own credentials to a shared connection. */
    VIEWER_CREDENTIALS,
    /** Query results can be written back into the warehouse (create table as select). */
    WRITE_BACK,
    /** The warehouse has geometry or geography types, returned as {@link com.carto.connections.query.Geometry}. */
    SPATIAL,
    /** A running statement can be cancelled on the warehouse (timeouts, limits, close). */
    QUERY_CANCEL
}
