package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against real BigQuery, with BigQuery's own SQL: runs only when {@code BIGQUERY_TEST_PROJECT} (the billing project)
 * and {@code BIGQUERY_TEST_SERVICE_ACCOUNT_KEY} (the path of a key JSON file) are set, so CI without them skips it.
 * It catches drift between {@link FakeBigQuery} and the service. It writes only into {@code carto_temp}.
 */
@Tag("live")
@EnabledIfEnvironmentVariable(named = "BIGQUERY_TEST_PROJECT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "BIGQUERY_TEST_SERVICE_ACCOUNT_KEY", matches = ".+")
class BigQueryLiveTest {
    private static ScheduledExecutorService scheduler;
    private static WarehouseClient client;

    @BeforeAll
    static void open() throws IOException {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        Map<String, Object> properties = Map.of(
                "billingProject", System.getenv("BIGQUERY_TEST_PROJECT"),
                "serviceAccountKey", Files.readString(Path.of(System.getenv("BIGQUERY_TEST_SERVICE_ACCOUNT_KEY"))));
        Providers providers = Providers.of(new BigQueryProvider());
        client = providers
                .get("bigquery")
                .open(
                        providers.settings("live", "bigquery", "service_account", properties, Map.of()),
                        new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void passesEveryStageIncludingTheWriteTest() {
        CheckReport report = client.check(CheckOptions.defaults().withWriteTest());
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    @Test
    void normalizesGoogleSqlTypes() {
        String sql = "select 42 as i, numeric '12.345' as d, cast(1.5 as float64) as f, true as b,"
                + " timestamp '2024-02-29 12:34:56 UTC' as tstz, st_geogpoint(1.5, 2.5) as geom, [1, 2, 3] as a,"
                + " struct(1.5 as x, 'hi' as y) as st, bignumeric '1234567890123456789012345678901234567.5' as big,"
                + " cast(null as int64) as n";
        try (QueryResult result = client.query(Query.sql(sql))) {
            assertThat(result.columns().get(5).type()).isEqualTo(ColumnType.GEOMETRY);
            assertThat(result.next()).isTrue();
            assertThat(result.value("i")).isEqualTo(42L);
            assertThat((BigDecimal) result.value("d")).isEqualByComparingTo("12.345");
            assertThat(result.value("f")).isEqualTo(1.5d);
            assertThat(result.value("b")).isEqualTo(true);
            assertThat(result.value("tstz")).isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 0, ZoneOffset.UTC));
            assertThat(((Geometry) result.value("geom")).toWkt()).isEqualTo("POINT(1.5 2.5)");
            assertThat(result.value("a")).isEqualTo(List.of(1L, 2L, 3L));
            assertThat(result.value("st")).isEqualTo(Map.of("x", new BigDecimal("1.5"), "y", "hi"));
            assertThat(result.value("big")).isEqualTo(new BigDecimal("1234567890123456789012345678901234567.5"));
            assertThat(result.value("n")).isNull();
        }
    }

    @Test
    void readsAResultOfSeveralPages() {
        long sum = 0;
        try (QueryResult result =
                client.query(Query.sql("select n from unnest(generate_array(1, 25000)) as n order by n"))) {
            while (result.next()) {
                sum += (Long) result.value(0);
            }
            assertThat(result.rowCount()).isEqualTo(25_000);
        }
        assertThat(sum).isEqualTo(25_000L * 25_001 / 2);
    }

    @Test
    void bindsPositionalParameters() {
        try (QueryResult result =
                client.query(Query.sql("select ? + 1 as answer").param(41))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(42L);
        }
    }

    @Test
    void bindsNamedParameters() {
        Query query = Query.sql("select :first - :second as difference")
                .param("second", 2L)
                .param("first", 44L);
        try (QueryResult result = client.query(query)) {
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(42L);
        }
    }

    @Test
    void writesBackIntoTheTempDatasetAndListsIt() {
        String table = "live_" + Long.toHexString(System.nanoTime());
        client.createTable(List.of("carto_temp", table), Query.sql("select 1 as n"));
        try {
            String project = System.getenv("BIGQUERY_TEST_PROJECT");
            assertThat(client.catalog()
                            .tables(
                                    project,
                                    "carto_temp",
                                    PageRequest.first(1000).nameContains(table))
                            .items())
                    .extracting(Catalog.Table::name)
                    .contains(table);
        } finally {
            client.dropTable(List.of("carto_temp", table));
        }
    }
}
