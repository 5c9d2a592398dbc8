package com.carto.connections.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.LogCapture;
import com.carto.connections.testing.PostgresFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown's drain, on a real PostgreSQL: {@code Connections.close} alone closes every warehouse client at once,
 * so a result still streaming from the warehouse can read to its end only because the shutdown waits first.
 */
class StarterShutdownTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "drain-password";
    // Many more rows than the provider fetches per round trip, so most are still in the warehouse when shutdown starts.
    private static final int ROWS = 200_000;
    private static final Query MANY_ROWS = Query.sql("select n from generate_series(1, " + ROWS + ") as n");
    private static String role;
    private static String database;

    private final Principal alice = Principal.of("alice", "acme", Role.EDITOR);

    @TempDir
    Path directory;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("drain", PASSWORD);
        database = POSTGRES.createDatabase("drain", false);
    }

    private Connections connectionsWithOneConnection() {
        return Connections.builder().embedded(directory.resolve("store")).build();
    }

    private String create(Connections connections) {
        return connections
                .create(
                        alice,
                        NewConnection.of("postgres", "numbers")
                                .authMethod("password")
                                .property("host", POSTGRES.host())
                                .property("port", POSTGRES.port())
                                .property("database", database)
                                .property("username", role)
                                .secret("password", PASSWORD)
                                .property("sslMode", "disable"))
                .id();
    }

    private static int readToTheEnd(QueryResult rows) {
        int read = 0;
        while (rows.next()) {
            read++;
        }
        return read;
    }

    @Test
    void anOpenResultReadsToItsEndWhileShutdownDrainsThenTheConnectionsAreClosed() throws Exception {
        Connections connections = connectionsWithOneConnection();
        String id = create(connections);
        ConnectionsShutdown shutdown = new ConnectionsShutdown(connections, Duration.ofMinutes(5));
        shutdown.start();
        QueryResult rows = connections.query(alice, id, MANY_ROWS);
        assertThat(rows.next()).isTrue();

        CompletableFuture<Void> stopping;
        try (LogCapture log = LogCapture.start()) {
            stopping = CompletableFuture.runAsync(shutdown::stop);
            // The drain has begun once it says so; until then the result must not be read, or it would not be tested.
            while (!stopping.isDone()
                    && log.lines().stream().noneMatch(line -> line.contains("Draining 1 running queries"))) {
                Thread.onSpinWait();
            }
        }
        int read = 1 + readToTheEnd(rows);
        rows.close();
        stopping.get();

        assertThat(read).isEqualTo(ROWS);
        assertThat(shutdown.isRunning()).isFalse();
        assertThat(catchThrowable(() -> connections.query(alice, id, Query.sql("select 1"))))
                .isInstanceOf(ConnectionException.class);
    }

    @Test
    void aResultStillOpenWhenTheDrainTimeoutPassesIsCutOff() {
        Connections connections = connectionsWithOneConnection();
        String id = create(connections);
        ConnectionsShutdown shutdown = new ConnectionsShutdown(connections, Duration.ZERO);
        shutdown.start();
        QueryResult rows = connections.query(alice, id, MANY_ROWS);
        assertThat(rows.next()).isTrue();

        try (LogCapture log = LogCapture.start()) {
            shutdown.stop();

            assertThat(log.lines()).anyMatch(line -> line.contains("Closing carto-connections with 1 queries"));
        }
        assertThat(catchThrowable(() -> readToTheEnd(rows))).isInstanceOf(ConnectionException.class);
        rows.close();
    }
}
