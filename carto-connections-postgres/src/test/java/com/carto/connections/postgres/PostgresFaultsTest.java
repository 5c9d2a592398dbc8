package com.carto.connections.postgres;

import static com.carto.connections.postgres.Reliability.assertTyped;
import static com.carto.connections.postgres.Reliability.failure;
import static com.carto.connections.postgres.Reliability.withinTenPercent;
import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.FaultProxy;
import com.carto.connections.testing.PoolLeakCheck;
import com.carto.connections.testing.PostgresFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network failing under a real PostgreSQL, through {@link FaultProxy} and the public facade: every failure is typed
 * and comes within the query's timeout and 10 % more, and the pool serves the next query once the network is back.
 */
class PostgresFaultsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    @RegisterExtension
    static final PoolLeakCheck LEAKS = new PoolLeakCheck();

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);

    @TempDir
    static Path directory;

    private static String database;
    private static Connections connections;

    private final List<FaultProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void open() {
        database = POSTGRES.createDatabase("faults", false);
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .build();
    }

    @AfterAll
    static void close() {
        connections.close();
    }

    @BeforeEach
    void noPoolLeftBorrowed() {
        assertThat(PoolLeakCheck.borrowed()).isEmpty();
    }

    @AfterEach
    void closeProxies() {
        proxies.forEach(FaultProxy::close);
    }

    /** A connection through a new proxy, stored without a live check so that the first login is the query's. */
    private Connection connectionThrough(FaultProxy proxy, String name) {
        return connections.create(
                ALICE,
                NewConnection.of("postgres", name)
                        .authMethod("password")
                        .property("host", proxy.host())
                        .property("port", proxy.port())
                        .property("database", database)
                        .property("username", POSTGRES.superuser())
                        .secret("password", POSTGRES.superuserPassword())
                        .property("sslMode", "disable")
                        .option("queryTimeout", TIMEOUT.toMillis() + "ms")
                        .skipLiveCheck());
    }

    private FaultProxy proxy() {
        FaultProxy proxy = FaultProxy.to(POSTGRES.port());
        proxies.add(proxy);
        return proxy;
    }

    private static long count(Connection connection, String sql) {
        try (QueryResult result = connections.query(ALICE, connection.id(), Query.sql(sql))) {
            long rows = 0;
            while (result.next()) {
                rows++;
            }
            return rows;
        }
    }

    @Test
    void theLeakCheckSeesThePoolsOfTheseTests() {
        FaultProxy proxy = proxy();
        Connection connection = connectionThrough(proxy, "watched");
        try (QueryResult result = connections.query(ALICE, connection.id(), Query.sql("select 1"))) {
            assertThat(PoolLeakCheck.registeredPools()).isPositive();
            assertThat(PoolLeakCheck.borrowed()).hasSize(1);
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsTheFirstQueryWithinItsTimeout() {
        FaultProxy proxy = proxy();
        Connection connection = connectionThrough(proxy, "blackhole-login");
        proxy.blackhole();
        Reliability.Failure failure = failure("login blackhole, queryTimeout 3 s", () -> count(connection, "select 1"));
        assertTyped(failure, ErrorCategory.TIMEOUT, ErrorCategory.UNAVAILABLE);
        assertThat(failure.took()).isLessThanOrEqualTo(withinTenPercent(TIMEOUT));
    }

    @Test
    void aNetworkThatGoesSilentWhileTheQueryRunsFailsItWithinItsTimeout() {
        FaultProxy proxy = proxy();
        Connection connection = connectionThrough(proxy, "blackhole-execute");
        assertThat(count(connection, "select 1")).isEqualTo(1);
        // The network goes silent while the server sleeps, before executeQuery has its answer.
        CompletableFuture.runAsync(proxy::blackhole, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        Reliability.Failure failure =
                failure("execute blackhole, queryTimeout 3 s", () -> count(connection, "select 1 from pg_sleep(1)"));
        assertTyped(failure, ErrorCategory.TIMEOUT);
        assertThat(failure.took()).isLessThanOrEqualTo(withinTenPercent(TIMEOUT));
    }

    @Test
    void aNetworkThatGoesSilentMidStreamFailsTheReadWithinTheQuerysTimeout() {
        FaultProxy proxy = proxy();
        Connection connection = connectionThrough(proxy, "blackhole-stream");
        Reliability.Failure failure = failure("mid-stream blackhole, queryTimeout 3 s", () -> {
            try (QueryResult result = connections.query(
                    ALICE, connection.id(), Query.sql("select g from generate_series(1, 1000000) g"))) {
                assertThat(result.next()).isTrue();
                proxy.blackhole();
                while (result.next()) {
                    // the first fetch is buffered; the next one meets the silence
                }
            }
        });
        assertTyped(failure, ErrorCategory.TIMEOUT);
        assertThat(failure.took()).isLessThanOrEqualTo(withinTenPercent(TIMEOUT));
    }

    @Test
    void aReaderSlowerThanTheTimeoutFailsWithTimeout() throws InterruptedException {
        FaultProxy proxy = proxy();
        Connection connection = connectionThrough(proxy, "slow-reader");
        try (QueryResult result = connections.query(
                ALICE,
                connection.id(),
                Query.sql("select g from generate_series(1, 10) g").timeout(Duration.ofSeconds(1)))) {
            assertThat(result.next()).isTrue();
            Thread.sleep(1_200);
            Reliability.Failure failure = failure("slow reader, timeout 1 s, read after 1.2 s", result::next);
            assertTyped(failure, ErrorCategory.TIMEOUT);
        }
        assertThat(count(connection, "select 1")).as("the next query").isEqualTo(1);
    }

    @Test
    void theNextQueryAfterEveryPooledBackendIsTerminatedSucceeds() {
        FaultProxy proxy = proxy();
        Connection connection = connectionThrough(proxy, "terminated");
        assertThat(count(connection, "select 1")).isEqualTo(1);
        String killed = POSTGRES.psql(
                database,
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid()");
        assertThat(Integer.parseInt(killed)).isPositive();
        long started = System.nanoTime();
        assertThat(count(connection, "select 1")).isEqualTo(1);
        Reliability.print("first query after pg_terminate_backend", Duration.ofNanos(System.nanoTime() - started));
    }

    @Test
    void aResetConnectionFailsTypedUnavailableAndTheNextQueryAfterItSucceeds() {
        FaultProxy proxy = proxy();
        Connection connection = connectionThrough(proxy, "reset");
        assertThat(count(connection, "select 1")).isEqualTo(1);
        proxy.reset();
        Reliability.Failure failure = failure("reset, queryTimeout 3 s", () -> count(connection, "select 1"));
        assertTyped(failure, ErrorCategory.UNAVAILABLE);
        assertThat(failure.took()).isLessThan(TIMEOUT);
        proxy.pass();
        assertThat(count(connection, "select 1")).isEqualTo(1);
    }
}
