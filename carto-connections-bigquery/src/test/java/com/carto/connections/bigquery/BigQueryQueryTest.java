package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BigQueryQueryTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @Test
    void failsASlowReaderWithTimeoutOnceTheQueryTimeoutPasses() {
        CONNECTIONS.fake.pageSize(7);
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        try (QueryResult result = client.query(
                Query.sql("select `X` as n from system_range(1, 200)").timeout(Duration.ofSeconds(1)))) {
            ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> {
                while (result.next()) {
                    Thread.sleep(20);
                }
            });
            assertThat(failure).as("reading past the timeout must fail").isNotNull();
            assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(result.rowCount()).isLessThan(200);
        }
    }

    @Test
    void readsResultsPageByPageAsTheCursorAdvances() {
        CONNECTIONS.fake.pageSize(7);
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        try (QueryResult result = client.query(Query.sql("select `X` as n from system_range(1, 50)"))) {
            CONNECTIONS.fake.clearRequests();
            for (int row = 0; row < 7; row++) {
                assertThat(result.next()).isTrue();
            }
            assertThat(pageReads()).isZero();
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(8L);
            assertThat(pageReads()).isEqualTo(1);
            while (result.next()) {
                assertThat(result.value(0)).isEqualTo(result.rowCount());
            }
            assertThat(result.rowCount()).isEqualTo(50);
            assertThat(pageReads()).isEqualTo(7);
        }
    }

    private static long pageReads() {
        return CONNECTIONS.fake.requests().stream()
                .filter(request -> request.contains("/data?"))
                .count();
    }

    @Test
    void returnsTheRowCountOfDmlStatements() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        client.execute(Query.sql("create schema if not exists `dml`"));
        client.execute(Query.sql("create table `dml`.`counted` (id bigint, label varchar)"));
        assertThat(client.execute(Query.sql("insert into `dml`.`counted` values (1, 'a'), (2, 'b'), (3, 'c')")))
                .isEqualTo(3);
        assertThat(client.execute(Query.sql("update `dml`.`counted` set label = ? where id >= ?")
                        .params("z", 2)))
                .isEqualTo(2);
        assertThat(client.execute(Query.sql("delete from `" + FakeBigQuery.PROJECT + ".dml.counted` where id = 1")))
                .isEqualTo(1);
    }

    @Test
    void cancelsTheJobOnBigQueryWhenTheTimeoutPasses() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> client.query(Query.sql("select fake_sleep(30) as slept").timeout(Duration.ofMillis(500))));
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        String jobId = failure.getMessage().replaceAll("^BigQuery job (\\S+) .*$", "$1");
        assertThat(CONNECTIONS.fake.requests())
                .anyMatch(request -> request.startsWith("POST ") && request.contains("/jobs/" + jobId + "/cancel"));
        assertThat(CONNECTIONS.fake.engine().job(jobId).wasCancelled()).isTrue();
    }

    @Test
    void capsAQueryTimeoutAtTheConnectionsQueryTimeout() {
        WarehouseClient client =
                CONNECTIONS.open("service_account", CONNECTIONS.serviceAccount(), Map.of("queryTimeout", "1s"));
        long start = System.nanoTime();
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> client.query(Query.sql("select fake_sleep(30) as slept").timeout(Duration.ofMinutes(5))));
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(failure.getMessage()).contains("1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void bindsPositionalParametersOfEveryKind() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        Query query = Query.sql(
                        "select ? as s, ? as i, ? as d, ? as b, ? as dt, ? as ts, ? as tstz, ? as bytes, ? as g,"
                                + " cast(? as varchar) as missing")
                .params(
                        "it's",
                        7L,
                        new BigDecimal("12345678901234567890.123456789"),
                        true,
                        LocalDate.of(2024, 2, 29),
                        LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000),
                        OffsetDateTime.of(2024, 2, 29, 14, 34, 56, 0, ZoneOffset.ofHours(2)),
                        new byte[] {1, 2, 3},
                        Geometry.ofWkt("POINT (1.5 2.5)", 4326))
                .param(null);
        try (QueryResult result = client.query(query)) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("s")).isEqualTo("it's");
            assertThat(result.value("i")).isEqualTo(7L);
            assertThat(result.value("d")).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
            assertThat(result.value("b")).isEqualTo(true);
            assertThat(result.value("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(result.value("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
            assertThat(result.value("tstz")).isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 0, ZoneOffset.UTC));
            assertThat(result.value("bytes")).isEqualTo(new byte[] {1, 2, 3});
            assertThat(((Geometry) result.value("g")).toWkt()).isEqualTo("POINT(1.5 2.5)");
            assertThat(result.value("missing")).isNull();
        }
    }

    @Test
    void bindsNamedParametersByNameWhateverTheirOrder() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        Query query = Query.sql(
                        "select cast(:first as bigint) - cast(:second as bigint) as difference, :first as again")
                .param("second", 2L)
                .param("first", 44L);
        try (QueryResult result = client.query(query)) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("difference")).isEqualTo(42L);
            assertThat(result.value("again")).isEqualTo(44L);
        }
    }

    @Test
    void rejectsAParameterItCannotBindNamingItsPosition() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        assertThatThrownBy(() -> client.query(Query.sql("select ? as a, ? as b").params(1, new Object())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("parameter 2");
    }

    @Test
    void stopsWithLimitExceededPastMaxBytes() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        try (QueryResult result = client.query(Query.sql("select repeat('x', 100) as s from system_range(1, 10)")
                .maxBytes(250))) {
            assertThat(result.next()).isTrue();
            assertThat(result.next()).isTrue();
            assertThatThrownBy(result::next)
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("250 bytes")
                    .extracting(failure -> ((ConnectionException) failure).category())
                    .isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
        }
    }

    @Test
    void asksForNoMoreRowsAPageThanTheQueryMayRead() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        try (QueryResult result = client.query(
                Query.sql("select `X` as n from system_range(1, 100)").maxRows(5))) {
            assertThat(result.next()).isTrue();
        }
        assertThat(CONNECTIONS.fake.requests())
                .filteredOn(request -> request.contains("/data?"))
                .allMatch(request -> request.contains("maxResults=6"));
    }

    @Test
    void rejectsAQueryBeyondMaxConcurrentQueriesAtOnce() {
        WarehouseClient client =
                CONNECTIONS.open("service_account", CONNECTIONS.serviceAccount(), Map.of("maxConcurrentQueries", 1));
        try (QueryResult first = client.query(Query.sql("select 1 as one"))) {
            assertThatThrownBy(() -> client.query(Query.sql("select 2 as two")))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("maxConcurrentQueries")
                    .extracting(failure -> ((ConnectionException) failure).category())
                    .isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
        }
        try (QueryResult again = client.query(Query.sql("select 2 as two"))) {
            assertThat(again.next()).isTrue();
        }
    }

    @Test
    void sendsTheProcessingLocationWithEveryJob() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("location", "EU");
        WarehouseClient client = CONNECTIONS.open("service_account", properties);
        CONNECTIONS.fake.clearRequests();
        try (QueryResult result = client.query(Query.sql("select 1 as one"))) {
            assertThat(result.next()).isTrue();
        }
        List<String> jobReads = new ArrayList<>(CONNECTIONS.fake.requests());
        jobReads.removeIf(request -> !request.startsWith("GET ") || !request.contains("/queries/"));
        assertThat(jobReads).isNotEmpty().allMatch(request -> request.contains("location=EU"));
    }

    @Test
    void exchangesGzipBodiesBothWays() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        try (QueryResult result = client.query(Query.sql("select 1 as one"))) {
            assertThat(result.next()).isTrue();
        }
        // At least the job's body went compressed, and every JSON answer came back compressed.
        assertThat(CONNECTIONS.fake.gzipBodies())
                .isGreaterThan(CONNECTIONS.fake.requests().size());
    }

    @Test
    void talksOnlyToTheConfiguredEndpointNeverTheStorageReadApi() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        try (QueryResult result = client.query(Query.sql("select `X` as n from system_range(1, 25000)"))) {
            while (result.next()) {
                assertThat(result.value(0)).isNotNull();
            }
        }
        assertThat(CONNECTIONS.fake.requests())
                .allMatch(request ->
                        request.matches("(GET|POST) /(token|bigquery/v2/projects/" + FakeBigQuery.PROJECT + "/.*)"));
    }
}
