package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PoolLeakCheck;
import com.carto.connections.testing.PostgresFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A timeout stops the query on the server even while the real Redshift driver is fetching its rows. */
class RedshiftQueryCancelTest {
    @RegisterExtension
    static final PoolLeakCheck LEAKS = new PoolLeakCheck();

    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    private static ScheduledExecutorService scheduler;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        RedshiftProvider provider = RedshiftStandIn.provider();
        client = provider.open(
                Providers.of(provider)
                        .settings("cancel", "redshift", "password", RedshiftStandIn.passwordProperties(), Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterAll
    static void close() {
        client.close();
        scheduler.shutdownNow();
    }

    @Test
    void cancelsAStreamingResultOnTheServerWhenItsTimeoutPassesWhileFetching() throws Exception {
        String marker = "marker_redshift_fetch_timeout";
        // The first fetch returns at once; a later one blocks on the sleeping row, after executeQuery has returned.
        Query slowAfterFirstFetch = Query.sql("select g, case when g = 10001 then pg_sleep(60) end /* " + marker + " */"
                        + " from generate_series(1, 20000) g")
                .timeout(Duration.ofSeconds(2));
        CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
            try (QueryResult result = client.query(slowAfterFirstFetch)) {
                while (result.next()) {
                    // read everything
                }
                return result.rowCount();
            }
        });
        assertThat(awaitActive(marker, 1)).as("running on the server").isEqualTo(1);

        ConnectionException failure = null;
        try {
            reading.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = (ConnectionException) e.getCause();
        }

        assertThat(failure).as("the read failed").isNotNull();
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(awaitActive(marker, 0)).as("still running on the server").isZero();
    }

    /** Polls pg_stat_activity until {@code expected} backends run the marked query, or 20 s pass; returns the last count. */
    private static int awaitActive(String marker, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        int count;
        do {
            count = Integer.parseInt(POSTGRES.psql(
                    RedshiftStandIn.database(),
                    "select count(*) from pg_stat_activity" + " where state = 'active' and query like '%" + marker
                            + "%' and pid <> pg_backend_pid()"));
            if (count == expected) {
                return count;
            }
            Thread.sleep(50);
        } while (Instant.now().isBefore(deadline));
        return count;
    }
}
