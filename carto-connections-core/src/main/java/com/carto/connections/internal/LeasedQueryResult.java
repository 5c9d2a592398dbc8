package com.carto.connections.internal;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.QueryResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A streaming result that owns its {@link ClientLease}: gives it back when closed, drained or failed, or when the
 * cache's sweep finds it abandoned. Per row it costs two opaque stores and a volatile load (plain instructions on
 * x86): no lock, no clock read.
 */
final class LeasedQueryResult implements QueryResult {
    private static final VarHandle NEXT_CALLS;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT_CALLS = lookup.findVarHandle(LeasedQueryResult.class, "nextCalls", long.class);
            CLOSED = lookup.findVarHandle(LeasedQueryResult.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final QueryResult delegate;
    private final ClientLease lease;
    private final ClientCache cache;
    // Bumped on entering and on leaving next(), so it is odd while a call is in progress. Written by the reading
    // thread only, read by the sweep: opaque access is enough for the sweep to see progress, without a fence per row.
    private long nextCalls;

    @SuppressWarnings("unused") // Accessed through CLOSED.
    private volatile int closed;

    private volatile @Nullable Duration abandonedAfter;
    private boolean drained;
    // Only the sweep reads and writes these.
    long seenCalls = -1;
    long seenAtMillis;

    LeasedQueryResult(QueryResult delegate, ClientLease lease, ClientCache cache) {
        this.delegate = delegate;
        this.lease = lease;
        this.cache = cache;
    }

    @Override
    public List<Column> columns() {
        return delegate.columns();
    }

    @Override
    public boolean next() {
        if (abandonedAfter != null) {
            throw abandoned(null);
        }
        if (drained) {
            return false;
        }
        long calls = nextCalls;
        NEXT_CALLS.setOpaque(this, calls + 1);
        boolean more;
        try {
            more = delegate.next();
        } catch (RuntimeException e) {
            if (abandonedAfter != null) {
                throw abandoned(e);
            }
            close();
            throw e;
        } finally {
            NEXT_CALLS.setOpaque(this, calls + 2);
        }
        if (!more) {
            drained = true;
            close();
        }
        return more;
    }

    private ConnectionException abandoned(@Nullable RuntimeException cause) {
        return new ConnectionException(
                ErrorCategory.TIMEOUT,
                "This query result was closed as abandoned: nothing read it for " + abandonedAfter
                        + ", so its connection and its running permit were given back; read results promptly and close them",
                cause);
    }

    @Override
    public @Nullable Object value(int columnIndex) {
        return delegate.value(columnIndex);
    }

    // The unboxed accessors are forwarded so that reading through the facade keeps the delegate's speed.
    @Override
    public long longValue(int columnIndex) {
        return delegate.longValue(columnIndex);
    }

    @Override
    public double doubleValue(int columnIndex) {
        return delegate.doubleValue(columnIndex);
    }

    @Override
    public boolean isNull(int columnIndex) {
        return delegate.isNull(columnIndex);
    }

    @Override
    public long rowCount() {
        return delegate.rowCount();
    }

    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            try {
                delegate.close();
            } finally {
                giveBack();
            }
        }
    }

    /** The calls to {@code next()} so far, twice over; odd while one is in progress. For the sweep. */
    long nextCalls() {
        return (long) NEXT_CALLS.getOpaque(this);
    }

    /** Closes the result for the sweep; false when its owner closed it first. */
    boolean abandon(Duration idle) {
        if (!CLOSED.compareAndSet(this, 0, 1)) {
            return false;
        }
        abandonedAfter = idle;
        try {
            delegate.close();
        } catch (RuntimeException e) {
            // Nobody is there to tell; the permit goes back below regardless and the client discards a broken
            // connection.
        } finally {
            giveBack();
        }
        return true;
    }

    private void giveBack() {
        cache.untrack(this);
        lease.releaseFromResult();
    }

    ClientKey key() {
        return lease.key();
    }

    boolean isClosed() {
        return closed != 0;
    }

    @Override
    public String toString() {
        return "LeasedQueryResult[" + lease.key() + ", " + delegate + "]";
    }
}
