package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Against a real workspace, only when DATABRICKS_HOST, DATABRICKS_HTTP_PATH and DATABRICKS_TOKEN are set
 * (DATABRICKS_CATALOG optional, {@code main} by default): what the fake cannot show, Arrow results over HTTPS, the
 * service's own error answers and a warehouse that really starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksLiveTest {
    private static final List<String> REQUIRED = List.of("DATABRICKS_HOST", "DATABRICKS_HTTP_PATH", "DATABRICKS_TOKEN");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private WarehouseClient client;

    @BeforeAll
    void openClient() {
        List<String> missing =
                REQUIRED.stream().filter(name -> System.getenv(name) == null).toList();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "live Databricks test skipped: " + missing + " not set");
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", System.getenv("DATABRICKS_HOST").replaceFirst("^https://", ""));
        properties.put("httpPath", System.getenv("DATABRICKS_HTTP_PATH"));
        properties.put("catalog", System.getenv().getOrDefault("DATABRICKS_CATALOG", "main"));
        properties.put("token", System.getenv("DATABRICKS_TOKEN"));
        DatabricksProvider provider = new DatabricksProvider();
        ConnectionSettings settings =
                Providers.of(provider).settings("live", "databricks", "token", properties, Map.of());
        client = provider.open(settings, new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterAll
    void close() {
        if (client != null) {
            client.close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void passesEveryCheckStage() {
        CheckReport report = client.check(CheckOptions.defaults());
        assertThat(report.ok()).as(report.summary()).isTrue();
    }

    /** On the Arrow path (the surefire execution {@code arrow}); the JSON path fails such a result, see CompleteRows. */
    @Test
    void readsMoreRowsThanOneInlineChunkHolds() {
        Assumptions.assumeTrue(DriverArrow.readable(), "runs in the surefire execution 'arrow', which opens java.nio");
        try (QueryResult result = client.query(Query.sql("select id from range(0, 200000) order by id"))) {
            long rows = 0;
            while (result.next()) {
                assertThat(result.value(0)).isEqualTo(rows);
                rows++;
            }
            assertThat(rows).isEqualTo(200_000);
        }
    }

    /** What the fake only imitates: DESCRIBE QUERY's answers, Arrow timestamps and binaries, the ST functions. */
    @Test
    void readsAGeometryParameterAndBothTimestampKindsBack() {
        Query query = Query.sql("select ? as `g`, timestamp_ntz '2024-02-29 12:34:56.123456' as `ts`,"
                        + " timestamp '2024-02-29 14:34:56.123456+02:00' as `tstz`")
                .param(Geometry.ofWkt("POINT Z (1.5 2.5 3)", 4326));
        try (QueryResult result = client.query(query)) {
            assertThat(result.columns())
                    .extracting(Column::type)
                    .containsExactly(ColumnType.GEOMETRY, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_WITH_TIME_ZONE);
            assertThat(result.next()).isTrue();
            Geometry geometry = (Geometry) result.value("g");
            assertThat(geometry.srid()).isEqualTo(4326);
            assertThat(geometry.toWkt())
                    .isEqualTo(Geometry.ofWkt("POINT Z (1.5 2.5 3)", 4326).toWkt());
            assertThat(result.value("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
            assertThat(result.value("tstz"))
                    .isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000, ZoneOffset.UTC));
        }
    }
}
