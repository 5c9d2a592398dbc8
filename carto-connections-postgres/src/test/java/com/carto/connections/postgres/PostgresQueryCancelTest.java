package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Timeouts and limits stop the query on the server itself, watched through pg_stat_activity. */
class PostgresQueryCancelTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static String database;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        database = POSTGRES.createDatabase("cancel", false);
        client = PostgresClients.open(POSTGRES, database, Map.of());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void cancelsAStatementOnTheServerWhenItsTimeoutPasses() throws Exception {
        String marker = "marker_execute_timeout";
        CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() ->
                drain(Query.sql("select pg_sleep(60) /* " + marker + " */").timeout(Duration.ofSeconds(2))));
        assertThat(PostgresClients.awaitBusyBackends(POSTGRES, database, marker, 1))
                .as("running on the server")
                .isEqualTo(1);
        assertFailsWith(reading, ErrorCategory.TIMEOUT);
        assertThat(PostgresClients.awaitBusyBackends(POSTGRES, database, marker, 0))
                .as("still running on the server")
                .isZero();
    }

    @Test
    void cancelsAStreamingResultOnTheServerWhenItsTimeoutPassesWhileFetching() throws Exception {
        String marker = "marker_fetch_timeout";
        // The first fetch (10,000 rows) returns at once; the next one blocks on the sleeping row, past executeQuery.
        Query slowAfterFirstFetch = Query.sql("select g, case when g = 10001 then pg_sleep(60) end /* " + marker + " */"
                        + " from generate_series(1, 20000) g")
                .timeout(Duration.ofSeconds(2));
        CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> drain(slowAfterFirstFetch));
        assertThat(PostgresClients.awaitBusyBackends(POSTGRES, database, marker, 1))
                .as("running on the server")
                .isEqualTo(1);
        ConnectionException failure = assertFailsWith(reading, ErrorCategory.TIMEOUT);
        assertThat(failure).hasMessageContaining("10000 rows were read");
        assertThat(PostgresClients.awaitBusyBackends(POSTGRES, database, marker, 0))
                .as("still running on the server")
                .isZero();
    }

    @Test
    void capsAQueryTimeoutAtTheConnectionsQueryTimeout() throws Exception {
        String marker = "marker_capped_timeout";
        try (WarehouseClient capped = PostgresClients.open(POSTGRES, database, Map.of("queryTimeout", "1s"))) {
            CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
                try (QueryResult result = capped.query(
                        Query.sql("select pg_sleep(60) /* " + marker + " */").timeout(Duration.ofHours(1)))) {
                    return result.next() ? 1L : 0L;
                }
            });
            assertFailsWith(reading, ErrorCategory.TIMEOUT);
            assertThat(PostgresClients.awaitBusyBackends(POSTGRES, database, marker, 0))
                    .isZero();
        }
    }

    @Test
    void stopsAtTheRowLimitReportingWhatWasReadAndLeavesTheBackendIdle() {
        String marker = "marker_row_limit";
        try (QueryResult result =
                client.query(Query.sql("select g /* " + marker + " */ from generate_series(1, 100000000) g")
                        .maxRows(25_000))) {
            assertThatThrownBy(() -> {
                        while (result.next()) {
                            // counted by the result
                        }
                    })
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED))
                    .hasMessageContaining("more than 25000 rows")
                    .hasMessageContaining("stopped after reading 25000 rows");
            assertThat(result.rowCount()).isEqualTo(25_000);
        }
        assertThat(PostgresClients.awaitBusyBackends(POSTGRES, database, marker, 0))
                .isZero();
    }

    @Test
    void stopsAtTheByteLimitCancelsAndLeavesTheBackendIdle() {
        String marker = "marker_byte_limit";
        try (QueryResult result = client.query(
                Query.sql("select repeat('x', 1000) /* " + marker + " */ from generate_series(1, 100000000)")
                        .maxBytes(5_000_000))) {
            assertThatThrownBy(() -> {
                        while (result.next()) {
                            // counted by the result
                        }
                    })
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED))
                    .hasMessageContaining("more than 5000000 bytes")
                    .hasMessageContaining("stopped after reading 5001 rows");
        }
        assertThat(PostgresClients.awaitBusyBackends(POSTGRES, database, marker, 0))
                .isZero();
        try (QueryResult again = client.query(Query.sql("select 1"))) {
            assertThat(again.next()).as("the pooled connection still works").isTrue();
        }
    }

    private static long drain(Query query) {
        try (QueryResult result = client.query(query)) {
            while (result.next()) {
                // read everything
            }
            return result.rowCount();
        }
    }

    private static ConnectionException assertFailsWith(CompletableFuture<?> reading, ErrorCategory category)
            throws Exception {
        try {
            reading.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ConnectionException.class);
            ConnectionException failure = (ConnectionException) e.getCause();
            assertThat(failure.category()).as(failure.getMessage()).isEqualTo(category);
            return failure;
        }
        throw new AssertionError("the query finished instead of failing with " + category);
    }
}
