package com.carto.connections;

import com.carto.connections.grants.Grant;
import com.carto.connections.store.GrantAndSigningKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Grants read from the store within the last {@code recheck}, least recently used dropped beyond {@code capacity}:
 * the bound on how long a grant revoked by another instance still works here. A revocation made through this instance
 * forgets the grant at once; expiry is checked on every use whatever the cache holds.
 *
 * <p>Ages are measured on a monotonic ticker ({@link System#nanoTime()} in production), never on the wall clock: a
 * wall clock stepped back by NTP would otherwise keep a revoked grant for as long as the step.
 *
 * <p>A read that began before a revocation on this instance must not put back what it read after the revocation
 * forgot it: every {@link #forget} counts one more invalidation, and a read keeps its result only when no
 * invalidation happened while it was at the store. (One counter for every grant rather than one per grant: it needs no
 * memory per grant ever revoked, and a revocation elsewhere costs a concurrent reader of another grant one more read
 * at worst.)
 */
final class GrantCache {
    private final Function<String, Optional<Grant>> reader;
    private final Function<String, GrantAndSigningKeys> readerWithKeys;
    private final LongSupplier ticker;
    private final long recheckNanos;
    private final int capacity;

    // Guarded by this.
    private final LinkedHashMap<String, Entry> entries;
    // Guarded by this.
    private long invalidations;

    /**
     * @param reader reads a grant from the store
     * @param readerWithKeys reads a grant and the signing keys that are not retired in one store read
     * @param ticker nanoseconds of a monotonic source, compared by subtraction only (they may wrap)
     */
    GrantCache(
            Function<String, Optional<Grant>> reader,
            Function<String, GrantAndSigningKeys> readerWithKeys,
            LongSupplier ticker,
            Duration recheck,
            int capacity) {
        this.reader = reader;
        this.readerWithKeys = readerWithKeys;
        this.ticker = ticker;
        this.recheckNanos = recheck.toNanos();
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > GrantCache.this.capacity;
            }
        };
    }

    Optional<Grant> get(String grantId) {
        long startedAt;
        long invalidationsBefore;
        synchronized (this) {
            startedAt = ticker.getAsLong();
            Entry entry = entries.get(grantId);
            if (entry != null && startedAt - entry.readAt() < recheckNanos) {
                return entry.grant();
            }
            invalidationsBefore = invalidations;
        }
        // Read outside the lock so a slow store does not serialize every token call.
        Optional<Grant> grant = reader.apply(grantId);
        keep(grantId, grant, startedAt, invalidationsBefore);
        return grant;
    }

    /**
     * Reads the grant and the signing keys together, for a token call that must read the keys again anyway, and keeps
     * the grant as {@link #get} would: the call then reads the store once, not twice.
     */
    GrantAndSigningKeys readWithSigningKeys(String grantId) {
        long startedAt;
        long invalidationsBefore;
        synchronized (this) {
            startedAt = ticker.getAsLong();
            invalidationsBefore = invalidations;
        }
        GrantAndSigningKeys read = readerWithKeys.apply(grantId);
        keep(grantId, read.grant(), startedAt, invalidationsBefore);
        return read;
    }

    private synchronized void keep(String grantId, Optional<Grant> grant, long startedAt, long invalidationsBefore) {
        if (recheckNanos > 0 && invalidations == invalidationsBefore) {
            // Aged from before the read: the row may have changed while it was on its way.
            entries.put(grantId, new Entry(grant, startedAt));
        }
    }

    synchronized void forget(String grantId) {
        invalidations++;
        entries.remove(grantId);
    }

    private record Entry(Optional<Grant> grant, long readAt) {}
}
