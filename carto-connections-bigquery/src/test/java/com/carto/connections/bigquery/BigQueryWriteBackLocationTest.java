package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.spi.WarehouseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Write-back creates datasets where the data is, the fake refuses a job that reads one location and writes another
 * (as BigQuery does), and the check's write test fails where a write-back would.
 */
class BigQueryWriteBackLocationTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @BeforeAll
    static void regionalData() {
        CONNECTIONS.fake.engine().createDataset("tokyo", "asia-northeast1");
        CONNECTIONS.fake.engine().h2("create table \"tokyo\".\"stores\" as select \"X\" as id from system_range(1, 3)");
        CONNECTIONS.fake.engine().createDataset("us_scratch", "US");
    }

    @Test
    void writeBackOfRegionalDataCreatesTheMissingTempDatasetInTheDataLocation() {
        WarehouseClient client =
                CONNECTIONS.open("service_account", CONNECTIONS.serviceAccount(), Map.of("tempLocation", "tokyo_temp"));
        client.createTable(List.of("tokyo_temp", "copied"), Query.sql("select id from `tokyo`.`stores`"));
        assertThat(CONNECTIONS.fake.engine().datasetLocation("tokyo_temp")).isEqualTo("asia-northeast1");
        assertThat(rows("tokyo_temp", "copied")).isEqualTo(3);
    }

    @Test
    void writeBackCreatesAMissingDatasetInTheConnectionsLocation() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("location", "asia-northeast1");
        CONNECTIONS
                .open("service_account", properties)
                .createTable(List.of("pinned_target", "copied"), Query.sql("select 1 as n"));
        assertThat(CONNECTIONS.fake.engine().datasetLocation("pinned_target")).isEqualTo("asia-northeast1");
    }

    @Test
    void writingRegionalDataIntoAUsDatasetFailsAsBigQueryRefusesCrossLocationJobs() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> client.createTable(
                        List.of("us_scratch", "copied"), Query.sql("select id from `tokyo`.`stores`")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.getMessage())
                .contains("Cannot read and write in different locations: source: asia-northeast1, destination: US");
    }

    @Test
    void theCheckFailsWhenTheTempDatasetIsNotInTheConnectionsLocation() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("location", "asia-northeast1");
        CheckReport report = CONNECTIONS
                .open("service_account", properties, Map.of("tempLocation", "us_scratch"))
                .check(CheckOptions.defaults().withWriteTest());
        StageResult failure =
                TestConnections.failedAt(report, CheckStage.WRITE_TEMP_TABLE, ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.suspectProperties()).containsExactlyInAnyOrder("tempLocation", "location");
        assertThat(failure.message())
                .hasValueSatisfying(message ->
                        assertThat(message).contains("us_scratch is in US but the data is in asia-northeast1"));
    }

    @Test
    void theCheckCreatesAMissingTempDatasetInTheConnectionsLocationAndPasses() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("location", "asia-northeast1");
        CheckReport report = CONNECTIONS
                .open("service_account", properties, Map.of("tempLocation", "checked_temp"))
                .check(CheckOptions.defaults().withWriteTest());
        assertThat(report.stage(CheckStage.WRITE_TEMP_TABLE).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.PASSED);
        assertThat(CONNECTIONS.fake.engine().datasetLocation("checked_temp")).isEqualTo("asia-northeast1");
    }

    @Test
    void theCheckFailsWhenTheTempDatasetIsNotWhereTheDataProjectsDatasetsAre() {
        try (TestConnections own = new TestConnections()) {
            own.fake.engine().createDataset("osaka", "asia-northeast2");
            own.fake.engine().createDataset("osaka_more", "asia-northeast2");
            WarehouseClient client =
                    own.open("service_account", own.serviceAccount(), Map.of("tempLocation", "elsewhere"));
            // The temp dataset exists in the US, as the SDK created it before it knew better.
            own.fake.engine().createDataset("elsewhere", "US");
            StageResult failure = TestConnections.failedAt(
                    client.check(CheckOptions.defaults().withWriteTest()),
                    CheckStage.WRITE_TEMP_TABLE,
                    ErrorCategory.INVALID_CONFIGURATION);
            assertThat(failure.suspectProperties()).containsExactly("tempLocation");
        }
    }

    @Test
    void tablesWrittenToTheTempLocationExpireAfterThirtyDaysByDefault() {
        WarehouseClient client = CONNECTIONS.open(
                "service_account", CONNECTIONS.serviceAccount(), Map.of("tempLocation", "expiring_temp"));
        long before = System.currentTimeMillis();
        client.createTable(List.of("expiring_temp", "short_lived"), Query.sql("select 1 as n"));
        long after = System.currentTimeMillis();
        Duration thirtyDays = Duration.ofDays(30);
        assertThat(CONNECTIONS.fake.engine().tableExpiration("expiring_temp", "short_lived"))
                .isBetween(before + thirtyDays.toMillis(), after + thirtyDays.toMillis());
        assertThat(CONNECTIONS.fake.engine().datasetTableLifetime("expiring_temp"))
                .as("the temp dataset's default table lifetime")
                .isEqualTo(thirtyDays.toMillis());
    }

    @Test
    void tablesWrittenToTheTempLocationExpireAfterTheConfiguredExpiration() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("tempTableExpiration", "P7D");
        WarehouseClient client = CONNECTIONS.open("service_account", properties, Map.of("tempLocation", "week_temp"));
        long before = System.currentTimeMillis();
        client.createTable(List.of("week_temp", "week_long"), Query.sql("select 1 as n"));
        assertThat(CONNECTIONS.fake.engine().tableExpiration("week_temp", "week_long"))
                .isBetween(
                        before + Duration.ofDays(7).toMillis(),
                        System.currentTimeMillis() + Duration.ofDays(7).toMillis());
    }

    @Test
    void aTableWrittenToATempDatasetThatHasNoDefaultLifetimeExpiresToo() {
        CONNECTIONS.fake.engine().createDataset("existing_temp", "US");
        WarehouseClient client = CONNECTIONS.open(
                "service_account", CONNECTIONS.serviceAccount(), Map.of("tempLocation", "existing_temp"));
        long before = System.currentTimeMillis();
        client.createTable(List.of("existing_temp", "patched"), Query.sql("select 1 as n"));
        assertThat(CONNECTIONS.fake.engine().datasetTableLifetime("existing_temp"))
                .isNull();
        assertThat(CONNECTIONS.fake.engine().tableExpiration("existing_temp", "patched"))
                .isBetween(
                        before + Duration.ofDays(30).toMillis(),
                        System.currentTimeMillis() + Duration.ofDays(30).toMillis());
    }

    @Test
    void tablesWrittenOutsideTheTempLocationNeverExpire() {
        CONNECTIONS.serviceAccountClient().createTable(List.of("kept", "forever"), Query.sql("select 1 as n"));
        assertThat(CONNECTIONS.fake.engine().tableExpiration("kept", "forever")).isNull();
        assertThat(CONNECTIONS.fake.engine().datasetTableLifetime("kept")).isNull();
    }

    @Test
    void theFakeDeletesATableOnceItsExpirationTimePasses() {
        CONNECTIONS.serviceAccountClient().createTable(List.of("kept", "doomed"), Query.sql("select 1 as n"));
        CONNECTIONS.fake.engine().tableExpiration("kept", "doomed", System.currentTimeMillis() - 1);
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> CONNECTIONS.serviceAccountClient().execute(Query.sql("select * from `kept`.`doomed`")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    private static long rows(String dataset, String table) {
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
