package com.carto.connections.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.Providers;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.postgres.PostgresProvider;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.ManualClock;
import com.carto.connections.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache in front of real PostgreSQL pools: limits, retirement, eviction and abandonment seen from the server's
 * {@code pg_stat_activity}. Blocking queries wait on an advisory lock the test holds, so they run exactly as long as
 * the test wants, without sleeping.
 */
class ClientCachePostgresTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final long LOCK = 4242;
    private static final Query BLOCKED = Query.sql("select pg_advisory_xact_lock_shared(" + LOCK + ")");
    private static final Duration IDLE = Duration.ofMinutes(5);

    private final PostgresProvider provider = new PostgresProvider();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final ManualClock clock = new ManualClock();
    private final ProviderContext context = new ProviderContext(scheduler, clock);
    private String database;
    private Connection observer;
    private ClientCache cache;

    @BeforeEach
    void start() throws SQLException {
        database = POSTGRES.createDatabase("client_cache", false);
        observer = DriverManager.getConnection(
                POSTGRES.jdbcUrl(database), POSTGRES.superuser(), POSTGRES.superuserPassword());
        cache = new ClientCache(
                ClientCacheOptions.defaults()
                        .withMaxClients(20)
                        .withMaxQueueWait(Duration.ofMinutes(10))
                        .withAbandonedAfter(IDLE),
                scheduler,
                clock);
    }

    @AfterEach
    void stop() throws SQLException {
        try {
            unlock();
            cache.close();
            observer.close();
        } finally {
            callers.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    private Supplier<WarehouseClient> opener(String connectionId, int maxConcurrentQueries) {
        ConnectionSettings settings = Providers.of(provider)
                .settings(
                        connectionId,
                        "postgres",
                        "password",
                        Map.of(
                                "host",
                                POSTGRES.host(),
                                "port",
                                POSTGRES.port(),
                                "database",
                                database,
                                "username",
                                POSTGRES.superuser(),
                                "password",
                                POSTGRES.superuserPassword(),
                                "sslMode",
                                "disable"),
                        Map.of("maxConcurrentQueries", maxConcurrentQueries));
        return () -> provider.open(settings, context);
    }

    private ClientLease lease(ClientKey key, int maxConcurrentQueries) {
        return cache.lease(key, maxConcurrentQueries, opener(key.connectionId(), maxConcurrentQueries));
    }

    private Future<Long> runBlocked(ClientKey key, int maxConcurrentQueries, AtomicReference<WarehouseClient> used) {
        return callers.submit(() -> {
            try (ClientLease lease = lease(key, maxConcurrentQueries)) {
                used.set(lease.client());
                return lease.client().execute(BLOCKED);
            }
        });
    }

    private Future<Long> runBlocked(ClientKey key, int maxConcurrentQueries) {
        return runBlocked(key, maxConcurrentQueries, new AtomicReference<>());
    }

    private void lock() throws SQLException {
        query("select pg_advisory_lock(" + LOCK + ")");
    }

    private void unlock() throws SQLException {
        query("select pg_advisory_unlock_all()");
    }

    /** Backends of the test database other than the observer's: the pools' connections. */
    private List<String> poolBackendStates() throws SQLException {
        return query(
                "select coalesce(state, 'starting') || case when wait_event_type = 'Lock' then ':Lock' else '' end from pg_stat_activity "
                        + "where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' order by pid");
    }

    private long waitingOnTheLock() throws SQLException {
        return poolBackendStates().stream()
                .filter(state -> state.equals("active:Lock"))
                .count();
    }

    private List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = observer.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private void awaitBackends(String what, Check check) {
        Await.until(what, () -> {
            try {
                return check.holds();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
    }

    private interface Check {
        boolean holds() throws SQLException;
    }

    @Test
    void runsTwoQueriesQueuesTwoMoreAndRejectsTheFifthAtOnceWithALimitOfTwo() throws Exception {
        ClientKey key = ClientKey.owner("limited", 1);
        lock();
        List<Future<Long>> running = List.of(runBlocked(key, 2), runBlocked(key, 2));
        awaitBackends("two queries wait on the lock", () -> waitingOnTheLock() == 2);
        List<Future<Long>> queued = List.of(runBlocked(key, 2), runBlocked(key, 2));
        Await.until("two callers queue", () -> cache.queued("limited") == 2);

        // The queue wait is ten minutes: this returns only because the caller is turned away without waiting.
        assertThatThrownBy(() -> lease(key, 2))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED));
        assertThat(waitingOnTheLock()).isEqualTo(2);
        assertThat(cache.running("limited")).isEqualTo(2);

        unlock();
        for (Future<Long> call : running) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isZero();
        }
        for (Future<Long> call : queued) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isZero();
        }
        assertThat(cache.running("limited")).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
        assertThat(poolBackendStates()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void closesARetiredPoolOnlyAfterItsRunningQueryFinishes() throws Exception {
        lock();
        AtomicReference<WarehouseClient> retired = new AtomicReference<>();
        Future<Long> running = runBlocked(ClientKey.owner("changed", 1), 2, retired);
        awaitBackends("the query waits on the lock", () -> waitingOnTheLock() == 1);

        cache.retire("changed");

        assertThat(poolBackendStates()).containsExactly("active:Lock");
        assertThat(cache.metrics().openClients()).isEqualTo(1);
        try (ClientLease fresh = lease(ClientKey.owner("changed", 2), 2)) {
            assertThat(fresh.client()).isNotSameAs(retired.get());
        }
        unlock();
        assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
        awaitBackends(
                "the retired pool's connection is closed",
                () -> poolBackendStates().isEmpty());
        assertThatThrownBy(() -> retired.get().execute(Query.sql("select 1")))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closesAnEvictedPoolOnlyAfterItsRunningQueryFinishes() throws Exception {
        cache.close();
        cache = new ClientCache(1, scheduler, clock);
        lock();
        AtomicReference<WarehouseClient> evicted = new AtomicReference<>();
        Future<Long> running = runBlocked(ClientKey.owner("first", 1), 2, evicted);
        awaitBackends("the query waits on the lock", () -> waitingOnTheLock() == 1);

        try (ClientLease other = lease(ClientKey.owner("second", 1), 2)) {
            assertThat(other.client().execute(Query.sql("select 1"))).isZero();
        }

        assertThat(cache.metrics().evictions()).isEqualTo(1);
        assertThat(poolBackendStates()).containsExactly("active:Lock", "idle");
        unlock();
        assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
        awaitBackends(
                "the evicted pool's connection is closed",
                () -> poolBackendStates().equals(List.of("idle")));
        assertThat(cache.metrics().openClients()).isEqualTo(1);
    }

    @Test
    void returnsTheConnectionOfAnAbandonedResultToThePool() throws Exception {
        QueryResult result =
                lease(ClientKey.owner("reader", 1), 1).query(Query.sql("select g from generate_series(1, 100000) g"));
        assertThat(result.next()).isTrue();
        assertThat(poolBackendStates()).containsExactly("idle in transaction");
        cache.sweep();
        clock.advance(IDLE);

        assertThat(cache.sweep()).isEqualTo(1);

        assertThat(poolBackendStates()).containsExactly("idle");
        assertThat(cache.running("reader")).isZero();
        assertThatThrownBy(result::next)
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT))
                .hasMessageContaining("abandoned");
        try (QueryResult next = lease(ClientKey.owner("reader", 1), 1).query(Query.sql("select 7"))) {
            assertThat(next.next()).isTrue();
            assertThat(next.value(0)).isEqualTo(7L);
        }
        assertThat(poolBackendStates()).containsExactly("idle");
    }

    @Test
    void keepsAtMostTwentyPoolsAndTheirThreadsWhenTwoHundredConnectionsTakeTurns() throws Exception {
        int threadsBefore = Thread.activeCount();
        for (int index = 0; index < 200; index++) {
            try (ClientLease lease = lease(ClientKey.owner("cycle-" + index, 1), 2)) {
                lease.client().execute(Query.sql("select 1"));
            }
        }

        assertThat(cache.metrics().openClients()).isEqualTo(20);
        assertThat(cache.metrics().evictions()).isEqualTo(180);
        assertThat(poolBackendStates()).hasSize(20);
        Set<String> poolsWithThreads = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> {
            String name = thread.getName();
            if (thread.isAlive() && name.startsWith("carto-cycle-")) {
                poolsWithThreads.add(name.substring("carto-".length(), name.indexOf("-owner")));
            }
        });
        // Only the 20 most recent connections (cycle-180 to cycle-199) may still have a pool thread.
        assertThat(poolsWithThreads)
                .hasSizeLessThanOrEqualTo(20)
                .allSatisfy(connectionId -> assertThat(Integer.parseInt(connectionId.substring("cycle-".length())))
                        .isGreaterThanOrEqualTo(180));

        cache.close();
        awaitBackends(
                "the pools' connections are closed", () -> poolBackendStates().isEmpty());
        Await.until("the pools' threads end", () -> Thread.activeCount() <= threadsBefore);
    }
}
