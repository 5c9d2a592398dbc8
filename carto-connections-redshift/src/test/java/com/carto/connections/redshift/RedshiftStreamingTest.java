package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PoolLeakCheck;
import com.carto.connections.testing.PostgresFixture;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streaming in constant memory: this module's tests run with a small heap (see the pom), smaller than the result. */
class RedshiftStreamingTest {
    @RegisterExtension
    static final PoolLeakCheck LEAKS = new PoolLeakCheck();

    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    @Test
    void streamsAResultSeveralTimesLargerThanTheHeap() {
        long rows = 150_000;
        int width = 1_000;
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(rows * width).as("the result must not fit in the heap").isGreaterThan(2 * heap);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        RedshiftProvider provider = RedshiftStandIn.provider();
        try (WarehouseClient client = provider.open(
                        Providers.of(provider)
                                .settings(
                                        "stream",
                                        "redshift",
                                        "password",
                                        RedshiftStandIn.passwordProperties(),
                                        Map.of()),
                        new ProviderContext(scheduler, Clock.systemUTC()));
                QueryResult result = client.query(Query.sql(
                                "select n, repeat('x', ?) as pad from (" + RedshiftQueries.series(rows) + ") as series")
                        .param(width))) {
            long bytes = 0;
            while (result.next()) {
                bytes += ((String) result.value(1)).length();
            }
            assertThat(result.rowCount()).isEqualTo(rows);
            assertThat(bytes).isEqualTo(rows * width);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
