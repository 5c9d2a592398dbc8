package com.carto.connections.internal;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.WarehouseClient;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache slot: a client opened on first use, its lease count and whether it was retired. One atomic word holds both
 * the count and the retired bit, so "retired with no lease out" is reached exactly once, and that is when the client
 * closes; a retired slot accepts no new lease.
 */
final class CachedClient {
    private static final Logger LOG = LoggerFactory.getLogger(CachedClient.class);
    private static final int RETIRED = 1 << 30;

    final ClientKey key;
    private final AtomicInteger state;
    private final AtomicInteger openClients;
    private final Object openLock = new Object();
    private volatile @Nullable WarehouseClient client;
    private volatile long lastLeased;
    // Guarded by openLock.
    private boolean closed;

    /** A slot already leased once, by its creator, so eviction never picks it before its first lease. */
    CachedClient(ClientKey key, long tick, AtomicInteger openClients) {
        this.key = key;
        this.state = new AtomicInteger(1);
        this.lastLeased = tick;
        this.openClients = openClients;
    }

    /** Adds a lease, unless the slot was retired. */
    boolean acquire(long tick) {
        for (; ; ) {
            int current = state.get();
            if ((current & RETIRED) != 0) {
                return false;
            }
            if (state.compareAndSet(current, current + 1)) {
                lastLeased = tick;
                return true;
            }
        }
    }

    void release() {
        if (state.decrementAndGet() == RETIRED) {
            closeClient();
        }
    }

    /**
     * Accepts no new lease from now on; closes the client now if no lease is out, else when the last one returns.
     *
     * @return whether leases were still out
     */
    boolean retire() {
        for (; ; ) {
            int current = state.get();
            if ((current & RETIRED) != 0) {
                return false;
            }
            if (state.compareAndSet(current, current | RETIRED)) {
                if (current == 0) {
                    closeClient();
                    return false;
                }
                return true;
            }
        }
    }

    /** The client, opened by {@code opener} on the first call. The caller holds a lease. */
    WarehouseClient client(Supplier<? extends WarehouseClient> opener) {
        WarehouseClient current = client;
        if (current != null) {
            return current;
        }
        synchronized (openLock) {
            if (closed) {
                throw new ConnectionException(
                        ErrorCategory.UNAVAILABLE, "the client of connection " + key.connectionId() + " is closed");
            }
            if (client == null) {
                client = requireNonNull(opener.get(), "the opener returned no client");
                openClients.incrementAndGet();
            }
            return client;
        }
    }

    /** Closes the client whatever its leases; running queries are cancelled by the client. Idempotent. */
    void closeClient() {
        WarehouseClient toClose;
        synchronized (openLock) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = client;
        }
        if (toClose != null) {
            openClients.decrementAndGet();
            try {
                toClose.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the client of connection {} as {} failed", key.connectionId(), key.identity(), e);
            }
        }
    }

    boolean isIdle() {
        return (state.get() & ~RETIRED) == 0;
    }

    int leases() {
        return state.get() & ~RETIRED;
    }

    long lastLeased() {
        return lastLeased;
    }

    @Override
    public String toString() {
        int current = state.get();
        return "CachedClient[" + key + ", leases=" + (current & ~RETIRED)
                + ((current & RETIRED) != 0 ? ", retired" : "") + "]";
    }
}
