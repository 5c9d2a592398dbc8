package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A query's timeout is a deadline for the whole result: executing, every fetch, and the caller's reading between. */
class ReadDeadlineTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    // Generous: the deadline is one second; this only says that reading ended rather than ran on.
    private static final Duration ENDED_WITHIN = Duration.ofSeconds(15);

    private static String database;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        database = POSTGRES.createDatabase("read_deadline", false);
        client = FixtureProvider.standard().open(POSTGRES, database);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void failsASlowReaderWithTimeoutOnceTheDeadlinePassesAndLeavesNothingOnTheServer() {
        String marker = "marker_slow_reader";
        // More rows than one fetch holds, so the reader goes back to the server while it reads.
        Query query = Query.sql("select g /* " + marker + " */ from generate_series(1, 200000) g")
                .timeout(Duration.ofSeconds(1));
        ConnectionException failure = assertTimeoutPreemptively(ENDED_WITHIN, () -> {
            try (QueryResult result = client.query(query)) {
                return catchThrowableOfType(ConnectionException.class, () -> {
                    while (result.next()) {
                        Thread.sleep(1);
                    }
                });
            }
        });
        assertThat(failure).as("reading past the deadline must fail").isNotNull();
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(failure).hasMessageContaining("timeout");
        assertThat(busySessionsRunning(marker)).isEqualTo("0");
    }

    @Test
    void failsAReaderWhoseFetchIsBlockedOnTheServerWithTimeout() {
        String marker = "marker_blocked_fetch";
        // The first fetch comes back at once; the second waits on the server far past the deadline.
        Query query = Query.sql("select g, case when g > 10500 then pg_sleep(30) end /* " + marker
                        + " */ from generate_series(1, 20000) g")
                .timeout(Duration.ofSeconds(1));
        ConnectionException failure = assertTimeoutPreemptively(ENDED_WITHIN, () -> {
            try (QueryResult result = client.query(query)) {
                return catchThrowableOfType(ConnectionException.class, () -> {
                    while (result.next()) {
                        // Reads as fast as the driver hands rows over.
                    }
                });
            }
        });
        assertThat(failure).as("a fetch blocked past the deadline must fail").isNotNull();
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(busySessionsRunning(marker)).isEqualTo("0");
    }

    @Test
    void letsAReaderFinishWellWithinTheDeadline() {
        try (QueryResult result = client.query(
                Query.sql("select g from generate_series(1, 30000) g").timeout(Duration.ofSeconds(30)))) {
            long rows = 0;
            while (result.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(30000);
        }
    }

    /** Sessions running the marked query or holding its transaction open; an idle session keeps only its text. */
    private static String busySessionsRunning(String marker) {
        return POSTGRES.psql(
                        database,
                        "select count(*) from pg_stat_activity where pid <> pg_backend_pid() and state <> 'idle'"
                                + " and position('" + marker + "' in query) > 0")
                .strip();
    }
}
