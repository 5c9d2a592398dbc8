package com.carto.connections.spi;

/**
 * An optional ability a provider declares in {@link ConnectionProvider#capabilities()}. Where a capability gates an
 * operation, the operation fails with {@link com.carto.connections.error.ErrorCategory#UNSUPPORTED} on a provider
 * that does not declare it; where it only changes what the SDK does, the constant says what. The contract suite checks
 * every gate both ways.
 */
public enum Capability {
    /**
     * Each user may bring their own credentials to a shared connection. Without it, sharing with viewer credentials
     * and asking for the viewer fields fail with {@code UNSUPPORTED}.
     */
    VIEWER_CREDENTIALS,
    /**
     * Query results can be written back into the warehouse (create table as select). Without it, {@code createTable}
     * and {@code dropTable} fail with {@code UNSUPPORTED} and the check skips its write stage.
     */
    WRITE_BACK,
    /**
     * The warehouse has geometry or geography types, returned as {@link com.carto.connections.query.Geometry}. Without
     * it, the check skips its spatial stage and geometry is not read as such: a GeoJSON export then finds no geometry
     * column ({@code INVALID_CONFIGURATION}, since the query is what must change).
     */
    SPATIAL,
    /**
     * A running statement can be cancelled on the warehouse (timeouts, limits, close). Gates nothing: every query has
     * a deadline whatever the provider, and a provider without server-side cancel must still stop reading at it. The
     * contract suite checks the server-side cancel only where this is declared.
     */
    QUERY_CANCEL
}
