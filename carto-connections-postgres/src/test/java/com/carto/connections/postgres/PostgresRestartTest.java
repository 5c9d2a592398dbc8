package com.carto.connections.postgres;

import static com.carto.connections.postgres.Reliability.assertTyped;
import static com.carto.connections.postgres.Reliability.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.PoolLeakCheck;
import com.carto.connections.testing.RestartablePostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL server of this class's own crashes ({@code pg_ctl stop -m immediate}) and comes back on the same port:
 * while it is down calls fail fast with {@code UNAVAILABLE}, and queries succeed again within 5 s of its return, on
 * the pool that held connections to the dead server.
 */
class PostgresRestartTest {
    @RegisterExtension
    static final PoolLeakCheck LEAKS = new PoolLeakCheck();

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);

    @TempDir
    static Path directory;

    private static RestartablePostgres server;
    private static Connections connections;
    private static Connection connection;

    @BeforeAll
    static void start() {
        server = RestartablePostgres.start();
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .build();
        connection = connections.create(
                ALICE,
                NewConnection.of("postgres", "restarting")
                        .authMethod("password")
                        .property("host", server.host())
                        .property("port", server.port())
                        .property("database", "postgres")
                        .property("username", server.superuser())
                        .secret("password", server.superuserPassword())
                        .property("sslMode", "disable")
                        .option("queryTimeout", TIMEOUT.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() {
        if (connections != null) {
            connections.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static long one() {
        try (QueryResult result = connections.query(ALICE, connection.id(), Query.sql("select 1"))) {
            return result.next() ? result.longValue(0) : 0;
        }
    }

    @Test
    void callsWhileTheServerIsDownFailFastWithUnavailableAndQueriesSucceedSoonAfterItReturns() {
        assertThat(one()).isEqualTo(1);
        server.crash();
        for (int call = 1; call <= 3; call++) {
            Reliability.Failure failure = failure("call while down #" + call + ", queryTimeout 10 s", () -> one());
            assertTyped(failure, ErrorCategory.UNAVAILABLE);
            assertThat(failure.took()).as("not after the timeout").isLessThan(TIMEOUT.dividedBy(2));
        }
        server.startAgain();
        Duration recovery = untilAQuerySucceeds();
        Reliability.print("recovery after restart (server up to first successful query)", recovery);
        assertThat(recovery).isLessThanOrEqualTo(RECOVERY);
    }

    @Test
    void theFirstQueryAfterAQuickRestartSucceedsOnThePoolThatHeldDeadConnections() {
        assertThat(one()).isEqualTo(1);
        server.crash();
        server.startAgain();
        long started = System.nanoTime();
        assertThat(one()).isEqualTo(1);
        Reliability.print("first query after a restart nobody saw", Duration.ofNanos(System.nanoTime() - started));
    }

    /** Queries until one succeeds, or the recovery bound and a margin pass; returns how long it took. */
    private static Duration untilAQuerySucceeds() {
        long started = System.nanoTime();
        long giveUp = started + RECOVERY.multipliedBy(3).toNanos();
        while (true) {
            try {
                one();
                return Duration.ofNanos(System.nanoTime() - started);
            } catch (ConnectionException e) {
                if (System.nanoTime() - giveUp > 0) {
                    throw e;
                }
            }
        }
    }
}
