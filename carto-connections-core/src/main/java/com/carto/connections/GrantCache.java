package com.carto.connections;

import com.carto.connections.grants.Grant;
import com.carto.connections.store.ConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Grants read from the store within the last {@code recheck}, least recently used dropped beyond {@code capacity}:
 * the bound on how long a grant revoked by another instance still works here. A revocation made through this instance
 * forgets the grant at once; expiry is checked on every use whatever the cache holds.
 */
final class GrantCache {
    private final ConnectionStore store;
    private final Duration recheck;
    private final int capacity;

    // Guarded by this.
    private final LinkedHashMap<String, Entry> entries;

    GrantCache(ConnectionStore store, Duration recheck, int capacity) {
        this.store = store;
        this.recheck = recheck;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > GrantCache.this.capacity;
            }
        };
    }

    Optional<Grant> get(String grantId, Instant now) {
        synchronized (this) {
            Entry entry = entries.get(grantId);
            if (entry != null && now.isBefore(entry.readAt().plus(recheck))) {
                return entry.grant();
            }
        }
        // Read outside the lock so a slow store does not serialize every token call.
        Optional<Grant> grant = store.findGrant(grantId);
        if (!recheck.isZero()) {
            synchronized (this) {
                entries.put(grantId, new Entry(grant, now));
            }
        }
        return grant;
    }

    synchronized void forget(String grantId) {
        entries.remove(grantId);
    }

    private record Entry(Optional<Grant> grant, Instant readAt) {}
}
