package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Google documents as retryable is retried on every call of a query (jobs.insert, jobs.get,
 * jobs.getQueryResults, tabledata.list), with backoff and within the query's timeout; a retried insert that BigQuery
 * had already accepted does not run the query twice. The fake injects each fault once.
 */
class BigQueryRetryTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @BeforeAll
    static void data() {
        CONNECTIONS.fake.engine().createDataset("retried", "US");
        CONNECTIONS.fake.engine().createDataset("seoul", "asia-northeast3");
    }

    @ParameterizedTest(name = "{0} answering {1} {2}")
    @CsvSource({
        "jobs.insert, 500, backendError",
        "jobs.insert, 503, backendError",
        "jobs.insert, 429, rateLimitExceeded",
        "jobs.get, 500, internalError",
        "jobs.get, 403, rateLimitExceeded",
        "jobs.getQueryResults, 503, backendError",
        "jobs.getQueryResults, 403, userRateLimitExceeded",
        "tabledata.list, 500, backendError",
        "tabledata.list, 429, rateLimitExceeded"
    })
    void aQuerySucceedsWhenACallFailsOnceWithARetryableError(String method, int status, String reason) {
        CONNECTIONS.fake.pageSize(2);
        CONNECTIONS.fake.failNext(method, status, reason);
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        // A job that sleeps still runs at the first poll, so that jobs.get is called; five rows make three pages.
        boolean polled = method.equals("jobs.get");
        long read = 0;
        try (QueryResult result = client.query(
                Query.sql(polled ? "select fake_sleep(1) as slept" : "select `X` as n from system_range(1, 5)")
                        .timeout(Duration.ofSeconds(30)))) {
            while (result.next()) {
                read++;
            }
        }
        assertThat(read).isEqualTo(polled ? 1 : 5);
        assertThat(CONNECTIONS.fake.faultsLeft())
                .as("the injected fault was met")
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"projects.list", "datasets.list", "tables.list", "tables.get"})
    void aCatalogPageSucceedsWhenItsCallFailsOnceWithAServerError(String method) {
        CONNECTIONS.fake.engine().h2("create table if not exists \"retried\".\"listed\" (n bigint)");
        CONNECTIONS.fake.failNext(method, 503, "backendError");
        Catalog catalog = CONNECTIONS.serviceAccountClient().catalog();
        PageRequest request = PageRequest.first(100);
        switch (method) {
            case "projects.list" ->
                assertThat(catalog.databases(request).items()).isNotEmpty();
            case "datasets.list" ->
                assertThat(catalog.schemas(FakeBigQuery.PROJECT, request).items())
                        .isNotEmpty();
            case "tables.list" ->
                assertThat(catalog.tables(FakeBigQuery.PROJECT, "retried", request)
                                .items())
                        .isNotEmpty();
            default ->
                assertThat(catalog.columns(FakeBigQuery.PROJECT, "retried", "listed", request)
                                .items())
                        .isNotEmpty();
        }
        assertThat(CONNECTIONS.fake.faultsLeft())
                .as("the injected fault was met")
                .isZero();
    }

    @Test
    void aRetriedInsertThatBigQueryHadAcceptedRunsTheStatementOnce() {
        CONNECTIONS.fake.engine().h2("create table \"retried\".\"once\" (n bigint)");
        CONNECTIONS.fake.failNextAfterActing("jobs.insert", 503, "backendError");
        long inserted =
                CONNECTIONS.serviceAccountClient().execute(Query.sql("insert into `retried`.`once` values (1)"));
        assertThat(inserted).isEqualTo(1);
        assertThat(count("retried", "once")).isEqualTo(1);
        assertThat(CONNECTIONS.fake.engine().jobs())
                .filteredOn(job -> job.query.path("query").asText().contains("`retried`.`once`") && job.ran())
                .hasSize(1);
    }

    @Test
    void aRetriedInsertOfARegionalJobFollowsTheJobBigQueryHadAcceptedWithoutAConfiguredLocation() {
        CONNECTIONS.fake.engine().h2("create table \"seoul\".\"once\" (n bigint)");
        CONNECTIONS.fake.failNextAfterActing("jobs.insert", 500, "backendError");
        long inserted = CONNECTIONS.serviceAccountClient().execute(Query.sql("insert into `seoul`.`once` values (7)"));
        assertThat(inserted).isEqualTo(1);
        assertThat(count("seoul", "once")).isEqualTo(1);
    }

    @Test
    void theFakeRefusesASecondInsertOfAJobIdSoTheClientLibraryReadsTheExistingJobBackWhereItRuns() {
        BigQuery service = ((BigQueryWarehouseClient) CONNECTIONS.serviceAccountClient()).jobs();
        JobId id = JobId.newBuilder()
                .setJob("twice_" + System.nanoTime())
                .setLocation("asia-northeast3")
                .build();
        JobInfo job = JobInfo.of(id, QueryJobConfiguration.of("select 1"));
        service.create(job);
        CONNECTIONS.fake.clearRequests();
        Job again = service.create(job);
        assertThat(again.getJobId().getJob()).isEqualTo(id.getJob());
        assertThat(CONNECTIONS.fake.requests())
                .filteredOn(request -> request.contains("/bigquery/v2/"))
                .satisfiesExactly(
                        insert -> assertThat(insert).startsWith("POST ").contains("/jobs?"),
                        read -> assertThat(read)
                                .startsWith("GET ")
                                .contains("/jobs/" + id.getJob())
                                .contains("location=asia-northeast3"));
        assertThat(CONNECTIONS.fake.engine().jobs())
                .filteredOn(fakeJob -> fakeJob.id.equals(id.getJob()))
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, invalid", "403, accessDenied", "403, quotaExceeded", "404, notFound", "501, notImplemented"})
    void aFailureGoogleDoesNotDocumentAsRetryableFailsAtOnce(int status, String reason) {
        CONNECTIONS.fake.failNext("jobs.insert", status, reason);
        CONNECTIONS.fake.clearRequests();
        catchThrowableOfType(
                ConnectionException.class,
                () -> CONNECTIONS.serviceAccountClient().execute(Query.sql("select 1")));
        assertThat(CONNECTIONS.fake.requests())
                .filteredOn(request -> request.startsWith("POST ") && request.contains("/jobs?"))
                .hasSize(1);
    }

    @Test
    void aServerErrorThatOutlastsTheTimeoutFailsWithUnavailableWithinIt() {
        CONNECTIONS.fake.failNext(1000, "/jobs", 503, "backendError");
        long started = System.nanoTime();
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> CONNECTIONS
                        .serviceAccountClient()
                        .execute(Query.sql("select 1").timeout(Duration.ofSeconds(4))));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(failure.getMessage()).containsPattern("\\d+ attempts");
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void backsOffExponentiallyFromOneSecondWithUpToOneSecondOfJitterToAtMostThirtyTwo() {
        assertThat(DeadlineCalls.backoff(1)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1999));
        assertThat(DeadlineCalls.backoff(2)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2999));
        assertThat(DeadlineCalls.backoff(5)).isBetween(Duration.ofSeconds(16), Duration.ofMillis(16_999));
        assertThat(DeadlineCalls.backoff(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(DeadlineCalls.backoff(40)).isEqualTo(Duration.ofSeconds(32));
    }

    @ParameterizedTest(name = "{0} {1} retryable: {2}")
    @CsvSource({
        "500, backendError, true",
        "503, backendError, true",
        "500, internalError, true",
        "502, , true",
        "429, rateLimitExceeded, true",
        "403, rateLimitExceeded, true",
        "403, userRateLimitExceeded, true",
        "403, quotaExceeded, false",
        "403, accessDenied, false",
        "400, invalidQuery, false",
        "401, authError, false",
        "404, notFound, false",
        "409, duplicate, false",
        "501, notImplemented, false",
        "0, backendError, false"
    })
    void retriesWhatGoogleDocumentsAsRetryable(int status, String reason, boolean retryable) {
        BigQueryException failure = reason == null
                ? new BigQueryException(status, "failed")
                : new BigQueryException(status, "failed", new BigQueryError(reason, "global", "failed"));
        assertThat(BigQueryErrors.isRetryable(failure)).isEqualTo(retryable);
    }

    @Test
    void retriesAConnectionThatFailedBeforeAnAnswerButNotAnUnknownHost() {
        assertThat(BigQueryErrors.isRetryable(new BigQueryException(new ConnectException("refused"))))
                .isTrue();
        assertThat(BigQueryErrors.isRetryable(new BigQueryException(new IOException("connection reset"))))
                .isTrue();
        assertThat(BigQueryErrors.isRetryable(new BigQueryException(new UnknownHostException("nowhere"))))
                .isFalse();
    }

    private static long count(String dataset, String table) {
        try (java.sql.Connection connection = CONNECTIONS.fake.engine().connect();
                java.sql.ResultSet rows = connection
                        .createStatement()
                        .executeQuery("select count(*) from \"" + dataset + "\".\"" + table + "\"")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
