package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A BigQuery that stops answering mid-call: a result page or a job poll that hangs fails with {@code TIMEOUT} within
 * the query's timeout and 10 % more, not after the client library's 60 s HTTP timeout.
 */
class BigQueryDeadlineTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aResultPageThatHangsFailsTheReadWithTimeoutWithinTheQuerysTimeout() {
        CONNECTIONS.fake.pageSize(7);
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        long started = System.nanoTime();
        try (QueryResult result = client.query(
                Query.sql("select \"X\" as n from system_range(1, 200)").timeout(TIMEOUT))) {
            assertThat(result.next()).isTrue();
            int hungBefore = CONNECTIONS.fake.hung();
            CONNECTIONS.fake.hangNext("GET ");
            ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> {
                while (result.next()) {
                    // the first page is held; fetching the second one hangs
                }
            });
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("reliability figure: BigQuery page hang, timeout 2 s = " + took.toMillis() + " ms");
            assertThat(CONNECTIONS.fake.hung()).as("requests that hung").isEqualTo(hungBefore + 1);
            assertThat(failure).as("a hung page must fail the read").isNotNull();
            assertThat(failure.category()).as(failure.getMessage()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(took).isLessThanOrEqualTo(TIMEOUT.plus(TIMEOUT.dividedBy(10)));
            assertThat(result.rowCount()).isEqualTo(7);
        }
    }

    @Test
    void aJobPollThatHangsFailsTheQueryWithTimeoutWithinItsTimeout() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        int hungBefore = CONNECTIONS.fake.hung();
        CONNECTIONS.fake.hangNext("/jobs/");
        long started = System.nanoTime();
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> client.query(Query.sql("select fake_sleep(30) as slept").timeout(TIMEOUT)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("reliability figure: BigQuery poll hang, timeout 2 s = " + took.toMillis() + " ms");
        assertThat(CONNECTIONS.fake.hung()).as("requests that hung").isEqualTo(hungBefore + 1);
        assertThat(failure).as("a hung poll must fail the query").isNotNull();
        assertThat(failure.category()).as(failure.getMessage()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(took).isLessThanOrEqualTo(TIMEOUT.plus(TIMEOUT.dividedBy(10)));
    }
}
