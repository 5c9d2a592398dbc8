package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.PageRequest;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BigQueryCheckTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @Test
    void createsTheTempDatasetWhenMissingAndLeavesNoTableInIt() {
        WarehouseClient client = CONNECTIONS.open(
                "service_account", CONNECTIONS.serviceAccount(), Map.of("tempLocation", "check_scratch"));
        CheckReport report = client.check(CheckOptions.defaults().withWriteTest());
        assertThat(report.stage(CheckStage.WRITE_TEMP_TABLE).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.PASSED);
        Catalog catalog = client.catalog();
        assertThat(catalog.schemas(FakeBigQuery.PROJECT, PageRequest.first(100).nameContains("check_scratch"))
                        .items())
                .extracting(Catalog.Schema::name)
                .containsExactly("check_scratch");
        assertThat(catalog.tables(FakeBigQuery.PROJECT, "check_scratch", PageRequest.first(100))
                        .items())
                .isEmpty();
    }

    @Test
    void acceptsATempLocationInAnotherProjectSpelledProjectDotDataset() {
        WarehouseClient client = CONNECTIONS.open(
                "service_account",
                CONNECTIONS.serviceAccount(),
                Map.of("tempLocation", FakeBigQuery.PROJECT + ".dotted_scratch"));
        CheckReport report = client.check(CheckOptions.defaults().withWriteTest());
        assertThat(report.stage(CheckStage.WRITE_TEMP_TABLE).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.PASSED);
        assertThat(client.catalog()
                        .schemas(FakeBigQuery.PROJECT, PageRequest.first(100).nameContains("dotted"))
                        .items())
                .extracting(Catalog.Schema::name)
                .containsExactly("dotted_scratch");
    }

    @Test
    void skipsTheWriteTestUnlessAskedFor() {
        CheckReport report = CONNECTIONS.serviceAccountClient().check(CheckOptions.defaults());
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.stage(CheckStage.WRITE_TEMP_TABLE).status()).isEqualTo(StageResult.Status.SKIPPED);
        assertThat(report.stage(CheckStage.SPATIAL_SUPPORT).status()).isEqualTo(StageResult.Status.PASSED);
    }

    @Test
    void blamesTheDataProjectWhenItsDatasetsCannotBeListed() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("dataProject", "no-such-data-project");
        StageResult failure = TestConnections.failedAt(
                CONNECTIONS.open("service_account", properties).check(CheckOptions.defaults()),
                CheckStage.READ_METADATA,
                ErrorCategory.NOT_FOUND);
        assertThat(failure.suspectProperties()).containsExactly("dataProject");
    }

    @Test
    void blamesTheBillingProjectWhenItRefusesJobs() {
        CONNECTIONS.fake.failNext(1, "/jobs", 403, "accessDenied");
        StageResult failure = TestConnections.failedAt(
                CONNECTIONS.serviceAccountClient().check(CheckOptions.defaults()),
                CheckStage.REACH_DATABASE,
                ErrorCategory.PERMISSION_DENIED);
        assertThat(failure.suspectProperties()).containsExactly("billingProject");
        assertThat(failure.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("roles/bigquery.jobUser"));
    }

    @Test
    void failsAtConnectSuspectingNoPropertyWhenTheHostsApiEndpointRefusesConnections() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        BigQueryProvider provider = new BigQueryProvider(
                CONNECTIONS.endpoints.withApi(URI.create("http://127.0.0.1:" + closedPort)), CONNECTIONS.transports);
        StageResult failure = TestConnections.failedAt(
                CONNECTIONS
                        .open(provider, "service_account", CONNECTIONS.serviceAccount())
                        .check(CheckOptions.defaults()),
                CheckStage.CONNECT,
                ErrorCategory.UNAVAILABLE);
        // The endpoint is the host application's configuration: no connection property could fix it.
        assertThat(failure.suspectProperties()).isEmpty();
    }

    @Test
    void reachesTheBillingProjectWithAFreeDryRun() {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        CONNECTIONS.fake.clearRequests();
        assertThat(client.check(CheckOptions.defaults()).ok()).isTrue();
        assertThat(CONNECTIONS.fake.requests())
                .filteredOn(request -> request.startsWith("POST ") && request.contains("/jobs"))
                .hasSize(1);
        assertThat(CONNECTIONS.fake.dryRuns()).isEqualTo(1);
        assertThat(CONNECTIONS.fake.requests()).noneMatch(request -> request.contains("/data?"));
    }
}
