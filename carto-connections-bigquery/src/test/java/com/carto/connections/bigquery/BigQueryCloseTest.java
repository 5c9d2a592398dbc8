package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Closing a client or a result while a query runs or is read gives the caller {@code UNAVAILABLE}, as the JDBC
 * clients do, never an {@code IllegalStateException}; a job still running is cancelled where it runs.
 */
class BigQueryCloseTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @BeforeAll
    static void regionalData() {
        CONNECTIONS.fake.engine().createDataset("mumbai", "asia-south1");
        CONNECTIONS.fake.engine().h2("create table \"mumbai\".\"trips\" as select \"X\" as id from system_range(1, 3)");
    }

    @Test
    void closingTheClientWhileAQueryRunsFailsItWithUnavailableAndCancelsTheJobWhereItRuns() throws Exception {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        CompletableFuture<QueryResult> running = CompletableFuture.supplyAsync(
                () -> client.query(Query.sql("select fake_sleep(30) as slept, id from `mumbai`.`trips`")));
        FakeJob job = awaitRunningJob();
        client.close();
        Throwable failure =
                catchThrowable(() -> running.get(10, TimeUnit.SECONDS)).getCause();
        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(failure.getMessage()).contains("is closed").contains("cancelled");
        assertThat(job.wasCancelled()).isTrue();
        assertThat(CONNECTIONS.fake.requests())
                .anyMatch(request ->
                        request.contains("/jobs/" + job.id + "/cancel") && request.contains("location=asia-south1"));
    }

    @Test
    void closingTheClientWhileAResultIsReadFailsTheNextReadWithUnavailable() {
        CONNECTIONS.fake.pageSize(2);
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        QueryResult result = client.query(Query.sql("select `X` as n from system_range(1, 10)"));
        assertThat(result.next()).isTrue();
        client.close();
        assertThatThrownBy(result::next)
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("is closed")
                .extracting(thrown -> ((ConnectionException) thrown).category())
                .isEqualTo(ErrorCategory.UNAVAILABLE);
    }

    @Test
    void closingAResultWhileAnotherThreadWaitsForItsNextPageFailsThatReadWithUnavailable() throws Exception {
        CONNECTIONS.fake.pageSize(2);
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        QueryResult result = client.query(Query.sql("select `X` as n from system_range(1, 10)"));
        assertThat(result.next()).isTrue();
        assertThat(result.next()).isTrue();
        int hungBefore = CONNECTIONS.fake.hung();
        CONNECTIONS.fake.hangNext("/data");
        CompletableFuture<Boolean> reading = CompletableFuture.supplyAsync(result::next);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (CONNECTIONS.fake.hung() == hungBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        result.close();
        CONNECTIONS.fake.clearFailures();
        Throwable failure =
                catchThrowable(() -> reading.get(10, TimeUnit.SECONDS)).getCause();
        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
    }

    @Test
    void readingAResultAfterClosingItFailsWithUnavailable() {
        QueryResult result = CONNECTIONS.serviceAccountClient().query(Query.sql("select 1 as one"));
        result.close();
        assertThatThrownBy(result::next)
                .isInstanceOf(ConnectionException.class)
                .extracting(thrown -> ((ConnectionException) thrown).category())
                .isEqualTo(ErrorCategory.UNAVAILABLE);
    }

    @Test
    void everyCallOnAClosedClientFailsWithUnavailable() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        client.close();
        assertThat(java.util.List.<Runnable>of(
                        () -> client.query(Query.sql("select 1")),
                        () -> client.execute(Query.sql("select 1")),
                        client::catalog,
                        () -> client.check(CheckOptions.defaults()),
                        () -> client.createTable(java.util.List.of("closed_target", "t"), Query.sql("select 1")),
                        () -> client.dropTable(java.util.List.of("closed_target", "t"))))
                .allSatisfy(call -> assertThat(catchThrowable(call::run))
                        .isInstanceOf(ConnectionException.class)
                        .extracting(thrown -> ((ConnectionException) thrown).category())
                        .isEqualTo(ErrorCategory.UNAVAILABLE));
    }

    private static FakeJob awaitRunningJob() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (FakeJob job : CONNECTIONS.fake.engine().jobs()) {
                if (!job.isDone() && job.query.path("query").asText().contains("`mumbai`")) {
                    return job;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no job started");
    }
}
