package com.carto.connections.internal;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.WarehouseClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse clients in use, one per {@link ClientKey}, with each connection's running limit; see the package
 * documentation for the rules. Thread-safe. A lease costs a few map lookups and CAS operations and takes no lock
 * unless it opens a client or the connection is at its limit.
 *
 * <pre>{@code
 * try (ClientLease lease = cache.lease(key, options.maxConcurrentQueries(), () -> provider.open(settings, context))) {
 *     return lease.client().execute(statement);
 * }
 * QueryResult rows = cache.lease(key, options.maxConcurrentQueries(), opener).query(query); // the result owns the lease
 * }</pre>
 */
public final class ClientCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCache.class);
    private static final Duration LONGEST_SWEEP_PERIOD = Duration.ofMinutes(1);
    private static final Duration SHORTEST_SWEEP_PERIOD = Duration.ofMillis(10);

    private final ClientCacheOptions options;
    private final Clock clock;
    // Concurrent by contract: slots are removed while iterating over them.
    private final ConcurrentMap<ClientKey, CachedClient> clients = new ConcurrentHashMap<>();
    // Evicted or retired slots whose leases are still out, so that close() can reach them.
    private final Set<CachedClient> draining = ConcurrentHashMap.newKeySet();
    private final Map<String, ConcurrencyGate> gates = new ConcurrentHashMap<>();
    private final Set<LeasedQueryResult> results = ConcurrentHashMap.newKeySet();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicInteger openClients = new AtomicInteger();
    private final LongAdder leasesOut = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final Object evictionLock = new Object();
    private final Object sweepLock = new Object();
    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    /** A cache with the default waits, holding at most {@code maxClients} clients. */
    public ClientCache(int maxClients, ScheduledExecutorService scheduler, Clock clock) {
        this(ClientCacheOptions.defaults().withMaxClients(maxClients), scheduler, clock);
    }

    /**
     * @param scheduler shared; runs the cache's one periodic sweep, and is not shut down by {@link #close()}
     * @param clock measures how long results sit unread
     */
    public ClientCache(ClientCacheOptions options, ScheduledExecutorService scheduler, Clock clock) {
        this.options = requireNonNull(options, "options is null");
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(scheduler, "scheduler is null");
        long period = sweepPeriod(options.abandonedAfter()).toNanos();
        this.sweeper = scheduler.scheduleWithFixedDelay(this::scheduledSweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** Often enough that a result is closed within a quarter of its idle limit after it passes, at most once a minute. */
    static Duration sweepPeriod(Duration abandonedAfter) {
        Duration quarter = abandonedAfter.dividedBy(4);
        if (quarter.compareTo(SHORTEST_SWEEP_PERIOD) < 0) {
            return SHORTEST_SWEEP_PERIOD;
        }
        return quarter.compareTo(LONGEST_SWEEP_PERIOD) > 0 ? LONGEST_SWEEP_PERIOD : quarter;
    }

    /**
     * Leases the client of {@code key}, opening it with {@code opener} if the cache has none, once one of the
     * connection's {@code maxConcurrentQueries} permits is free. If opening fails, the permit is given back and the
     * failure thrown; the next lease tries opening again.
     *
     * @throws ConnectionException {@code LIMIT_EXCEEDED} when the connection's queue is full or the wait ran out,
     *     {@code UNAVAILABLE} when the cache is closed, or whatever {@code opener} threw
     */
    public ClientLease lease(ClientKey key, int maxConcurrentQueries, Supplier<? extends WarehouseClient> opener) {
        requireNonNull(key, "key is null");
        requireNonNull(opener, "opener is null");
        if (maxConcurrentQueries < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentQueries must be at least 1 but was " + maxConcurrentQueries);
        }
        ConcurrencyGate gate = permit(key.connectionId(), maxConcurrentQueries);
        CachedClient slot = null;
        try {
            slot = slot(key);
            ClientLease lease = new ClientLease(this, gate, slot, slot.client(opener));
            leasesOut.increment();
            return lease;
        } catch (RuntimeException | Error e) {
            try {
                if (slot != null) {
                    slot.release();
                }
            } finally {
                gate.release();
            }
            throw e;
        }
    }

    private ConcurrencyGate permit(String connectionId, int limit) {
        for (; ; ) {
            ensureOpen();
            ConcurrencyGate gate = gates.get(connectionId);
            if (gate == null) {
                gate = gates.computeIfAbsent(connectionId, id -> new ConcurrencyGate(id, limit));
            }
            gate.acquire(limit, options.maxQueueWait());
            if (!gate.isRetired()) {
                return gate;
            }
            // The sweep dropped this idle gate (or the cache closed) while we queued on it: go around.
            gate.release();
            gates.remove(connectionId, gate);
        }
    }

    private CachedClient slot(ClientKey key) {
        for (; ; ) {
            long tick = ticks.incrementAndGet();
            CachedClient slot = clients.get(key);
            if (slot != null) {
                if (slot.acquire(tick)) {
                    return unlessClosed(slot);
                }
                clients.remove(key, slot);
                continue;
            }
            CachedClient created = new CachedClient(key, tick, openClients);
            if (clients.putIfAbsent(key, created) == null) {
                evictBeyondCapacity();
                return unlessClosed(created);
            }
        }
    }

    /** A slot leased while {@link #close()} ran may have been missed by it: retire it here, the caller releases it. */
    private CachedClient unlessClosed(CachedClient leased) {
        if (closed) {
            clients.remove(leased.key, leased);
            leased.retire();
            throw closedFailure();
        }
        return leased;
    }

    private void evictBeyondCapacity() {
        if (clients.size() <= options.maxClients()) {
            return;
        }
        synchronized (evictionLock) {
            while (clients.size() > options.maxClients()) {
                CachedClient victim = leastRecentlyLeased();
                if (victim == null) {
                    return;
                }
                if (clients.remove(victim.key, victim)) {
                    evictions.increment();
                    LOG.debug(
                            "Evicting the client of connection {} version {} as {}",
                            victim.key.connectionId(),
                            victim.key.version(),
                            victim.key.identity());
                    retire(victim);
                }
            }
        }
    }

    /** The least recently leased slot with no lease out, or if every slot is busy, the least recently leased one. */
    private @Nullable CachedClient leastRecentlyLeased() {
        CachedClient idle = null;
        CachedClient any = null;
        for (CachedClient slot : clients.values()) {
            long last = slot.lastLeased();
            if (any == null || last < any.lastLeased()) {
                any = slot;
            }
            if (slot.isIdle() && (idle == null || last < idle.lastLeased())) {
                idle = slot;
            }
        }
        return idle != null ? idle : any;
    }

    /**
     * Removes every client of the connection (all versions and identities) so the next lease opens a fresh one; each is
     * closed once its leases are back. For when a connection is updated, deleted or re-shared.
     */
    public void retire(String connectionId) {
        requireNonNull(connectionId, "connectionId is null");
        retireWhere(key -> key.connectionId().equals(connectionId));
    }

    /** Like {@link #retire(String)}, for one identity only, e.g. when a viewer's credentials are revoked. */
    public void retire(String connectionId, Identity identity) {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(identity, "identity is null");
        retireWhere(
                key -> key.connectionId().equals(connectionId) && key.identity().equals(identity));
    }

    private void retireWhere(Predicate<ClientKey> matches) {
        for (CachedClient slot : clients.values()) {
            if (matches.test(slot.key) && clients.remove(slot.key, slot)) {
                retire(slot);
            }
        }
    }

    private void retire(CachedClient slot) {
        if (slot.retire()) {
            draining.add(slot);
        }
    }

    /**
     * Closes results nothing has read for {@link ClientCacheOptions#abandonedAfter()}, drops gates of connections
     * with no client and no permit out, and forgets drained slots. The scheduler runs it periodically; tests call it
     * to step a controlled clock.
     *
     * @return the results closed as abandoned
     */
    public int sweep() {
        synchronized (sweepLock) {
            int closedNow = sweepResults(clock.millis());
            draining.removeIf(CachedClient::isIdle);
            dropIdleGates();
            return closedNow;
        }
    }

    private int sweepResults(long now) {
        long idleLimit = options.abandonedAfter().toMillis();
        int closedNow = 0;
        for (LeasedQueryResult result : results) {
            long calls = result.nextCalls();
            boolean inNext = (calls & 1) != 0;
            if (inNext || calls != result.seenCalls) {
                result.seenCalls = calls;
                result.seenAtMillis = now;
            } else if (now - result.seenAtMillis >= idleLimit && result.abandon(options.abandonedAfter())) {
                abandoned.increment();
                closedNow++;
                LOG.warn(
                        "Closed an abandoned query result of connection {} as {}: nothing read it for {}",
                        result.key().connectionId(),
                        result.key().identity(),
                        options.abandonedAfter());
            }
        }
        return closedNow;
    }

    private void dropIdleGates() {
        Set<String> cached = new HashSet<>();
        clients.keySet().forEach(key -> cached.add(key.connectionId()));
        gates.forEach((connectionId, gate) -> {
            if (!cached.contains(connectionId) && gate.retireIfIdle()) {
                gates.remove(connectionId, gate);
            }
        });
    }

    private void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // A failure must not cancel the periodic task, or abandoned results would pile up from then on.
            LOG.error("Sweeping abandoned query results failed", e);
        }
    }

    LeasedQueryResult track(LeasedQueryResult result) {
        results.add(result);
        return result;
    }

    void untrack(LeasedQueryResult result) {
        results.remove(result);
    }

    void leaseReturned() {
        leasesOut.decrement();
    }

    public ClientCacheMetrics metrics() {
        return new ClientCacheMetrics(
                openClients.get(), clients.size(), leasesOut.sum(), results.size(), evictions.sum(), abandoned.sum());
    }

    /** The running limit of every connection that has one now (one that ran something and has not idled out), by id. */
    public Map<String, GateMetrics> gateMetrics() {
        Map<String, GateMetrics> metrics = new HashMap<>();
        gates.forEach((connectionId, gate) -> {
            if (!gate.isRetired()) {
                metrics.put(connectionId, new GateMetrics(gate.running(), gate.queued(), gate.limit()));
            }
        });
        return metrics;
    }

    /** Leases of the connection holding a permit now. */
    public int running(String connectionId) {
        ConcurrencyGate gate = gates.get(connectionId);
        return gate == null ? 0 : gate.running();
    }

    /** Leases of the connection waiting for a permit now. */
    public int queued(String connectionId) {
        ConcurrencyGate gate = gates.get(connectionId);
        return gate == null ? 0 : gate.queued();
    }

    private void ensureOpen() {
        if (closed) {
            throw closedFailure();
        }
    }

    private static ConnectionException closedFailure() {
        return new ConnectionException(ErrorCategory.UNAVAILABLE, "the connections client cache is closed");
    }

    /**
     * Closes every client, busy or not (clients cancel what runs on them), wakes every waiting lease with
     * {@code UNAVAILABLE} and stops the sweep. Leases still out stay valid objects whose calls fail. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        sweeper.cancel(false);
        gates.values().forEach(ConcurrencyGate::retire);
        for (CachedClient slot : clients.values()) {
            clients.remove(slot.key, slot);
            slot.retire();
            slot.closeClient();
        }
        draining.forEach(CachedClient::closeClient);
        draining.clear();
    }

    @Override
    public String toString() {
        ClientCacheMetrics now = metrics();
        return "ClientCache[" + now.cachedClients() + "/" + options.maxClients() + " clients, " + now.leasesOut()
                + " leases out" + (closed ? ", closed" : "") + "]";
    }
}
