package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs run where their data is, and every call after {@code jobs.insert} names that location: the fake finds a job
 * outside the US and EU multi-regions only with its location, as BigQuery does.
 */
class BigQueryJobLocationTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @BeforeAll
    static void regionalData() {
        CONNECTIONS.fake.engine().createDataset("frankfurt", "europe-west3");
        CONNECTIONS
                .fake
                .engine()
                .h2("create table \"frankfurt\".\"orders\" as select \"X\" as id from system_range(1, 5)");
        CONNECTIONS.fake.engine().createDataset("eu_wide", "EU");
    }

    @Test
    void aQueryOnRegionalDataStillRunningAtTheFirstPollSucceeds() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        try (QueryResult result =
                client.query(Query.sql("select fake_sleep(1) as slept, count(*) as n from `frankfurt`.`orders`"))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("n")).isEqualTo(5L);
        }
        List<String> followUps = CONNECTIONS.fake.requests().stream()
                .filter(request -> request.startsWith("GET ") && request.matches(".*/(jobs|queries)/.*"))
                .toList();
        assertThat(followUps)
                .as("polls and result reads")
                .isNotEmpty()
                .allMatch(r -> r.contains("location=europe-west3"));
        assertThat(followUps).as("at least one poll while it ran").anyMatch(r -> r.contains("/jobs/"));
    }

    @Test
    void aTimeoutCancelsTheRegionalJobWhereItRuns() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> client.query(Query.sql("select fake_sleep(30) as slept, id from `frankfurt`.`orders`")
                        .timeout(Duration.ofMillis(800))));
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        String jobId = failure.getMessage().replaceAll("^BigQuery job (\\S+) .*$", "$1");
        assertThat(CONNECTIONS.fake.requests())
                .anyMatch(request -> request.startsWith("POST ")
                        && request.contains("/jobs/" + jobId + "/cancel")
                        && request.contains("location=europe-west3"));
        assertThat(CONNECTIONS.fake.engine().job(jobId).wasCancelled()).isTrue();
    }

    @Test
    void aJobRunsInTheLocationOfTheDataItReads() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        client.execute(Query.sql("select count(*) from `frankfurt`.`orders`"));
        assertThat(lastJob().location).isEqualTo("europe-west3");
    }

    @Test
    void aJobThatReadsNoDatasetRunsInTheUs() {
        CONNECTIONS.serviceAccountClient().execute(Query.sql("select 1"));
        assertThat(lastJob().location).isEqualTo("US");
    }

    @Test
    void aJobPinnedToAnotherLocationThanItsDataFailsWithNotFound() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("location", "US");
        WarehouseClient client = CONNECTIONS.open("service_account", properties);
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> client.execute(Query.sql("select count(*) from `frankfurt`.`orders`")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(failure.getMessage()).contains("frankfurt was not found in location US");
    }

    @Test
    void theFakeFindsARegionalJobOnlyWithItsLocation() throws InterruptedException {
        BigQuery service = jobService();
        Job job = service.create(JobInfo.of(
                JobId.newBuilder()
                        .setJob("regional_" + System.nanoTime())
                        .setLocation("europe-west3")
                        .build(),
                QueryJobConfiguration.of("select 1")));
        String id = job.getJobId().getJob();
        assertThat(service.getJob(JobId.of(id))).as("without a location").isNull();
        assertThat(service.getJob(
                        JobId.newBuilder().setJob(id).setLocation("EU").build()))
                .as("in another location")
                .isNull();
        assertThat(service.getJob(JobId.newBuilder()
                        .setJob(id)
                        .setLocation("europe-west3")
                        .build()))
                .as("in its location")
                .isNotNull();
        assertThat(service.cancel(JobId.of(id)))
                .as("a cancel without the location finds nothing")
                .isFalse();
    }

    @Test
    void theFakeFindsAnEuMultiRegionJobWithoutALocationButNotInAnotherOne() {
        BigQuery service = jobService();
        String id = "multi_" + System.nanoTime();
        service.create(JobInfo.of(
                JobId.newBuilder().setJob(id).setLocation("EU").build(), QueryJobConfiguration.of("select 1")));
        assertThat(service.getJob(JobId.of(id))).as("without a location").isNotNull();
        assertThat(service.getJob(
                        JobId.newBuilder().setJob(id).setLocation("US").build()))
                .as("in another location")
                .isNull();
    }

    private static BigQuery jobService() {
        return ((BigQueryWarehouseClient) CONNECTIONS.serviceAccountClient()).jobs();
    }

    private static FakeJob lastJob() {
        return CONNECTIONS.fake.engine().jobs().stream()
                .max((left, right) -> Long.compare(left.sequence, right.sequence))
                .orElseThrow();
    }
}
