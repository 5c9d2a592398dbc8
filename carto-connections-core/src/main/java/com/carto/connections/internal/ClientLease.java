package com.carto.connections.internal;

import static java.util.Objects.requireNonNull;

import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A client borrowed from a {@link ClientCache} together with one of its connection's running permits. Close it to give
 * both back, or hand it to one streaming result with {@link #query}, which then gives them back when it is closed,
 * drained or fails. Use it from one thread; closing is idempotent.
 */
public final class ClientLease implements AutoCloseable {
    private static final VarHandle STATE;
    private static final int ACTIVE = 0;
    private static final int HANDED_TO_RESULT = 1;
    private static final int RELEASED = 2;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ClientLease.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClientCache cache;
    private final ConcurrencyGate gate;
    private final CachedClient slot;
    private final WarehouseClient client;

    @SuppressWarnings("unused") // Accessed through STATE.
    private volatile int state;

    ClientLease(ClientCache cache, ConcurrencyGate gate, CachedClient slot, WarehouseClient client) {
        this.cache = cache;
        this.gate = gate;
        this.slot = slot;
        this.client = client;
    }

    /** The leased client, for calls that finish before the lease is closed ({@code execute}, {@code catalog} browsing). */
    public WarehouseClient client() {
        if (state != ACTIVE) {
            throw new IllegalStateException("this lease was closed or handed to a query result");
        }
        return client;
    }

    public ClientKey key() {
        return slot.key;
    }

    /**
     * Starts a query whose result owns this lease from now on: closing the lease afterwards does nothing, and the permit
     * returns when the result is closed, drained or fails. If starting the query fails, the lease is given back.
     */
    public QueryResult query(Query query) {
        requireNonNull(query, "query is null");
        if (!STATE.compareAndSet(this, ACTIVE, HANDED_TO_RESULT)) {
            throw new IllegalStateException("this lease was closed or already handed to a query result");
        }
        QueryResult result;
        try {
            result = client.query(query);
        } catch (RuntimeException | Error e) {
            releaseFromResult();
            throw e;
        }
        return cache.track(new LeasedQueryResult(result, this, cache));
    }

    @Override
    public void close() {
        if (STATE.compareAndSet(this, ACTIVE, RELEASED)) {
            giveBack();
        }
    }

    /** Called once by the result that owns the lease. */
    void releaseFromResult() {
        if (STATE.compareAndSet(this, HANDED_TO_RESULT, RELEASED)) {
            giveBack();
        }
    }

    private void giveBack() {
        try {
            slot.release();
        } finally {
            gate.release();
            cache.leaseReturned();
        }
    }

    @Override
    public String toString() {
        return "ClientLease[" + slot.key + "]";
    }
}
