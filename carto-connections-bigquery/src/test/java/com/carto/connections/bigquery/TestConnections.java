package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake BigQuery with a registered service account, and the clients a test class opens against it. Registered as
 * a static extension: after each test the fake's switches are reset, after the class everything is closed.
 */
final class TestConnections implements AutoCloseable, AfterEachCallback, AfterAllCallback {
    final FakeBigQuery fake = FakeBigQuery.start();
    final KeyPair keys = TestCredentials.rsaKeyPair();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final ProviderContext context = new ProviderContext(scheduler, Clock.systemUTC());
    private final List<WarehouseClient> clients = new ArrayList<>();
    final LoopbackTransports transports = new LoopbackTransports(fake.endpoint());
    final BigQueryEndpoints endpoints = endpointsOf(fake);
    final BigQueryProvider provider = new BigQueryProvider(endpoints, transports);

    TestConnections() {
        fake.auth().registerServiceAccount(TestCredentials.EMAIL, keys.getPublic());
    }

    /**
     * The host configuration that reaches {@code fake}: its API, token endpoint and subject token URL. The security
     * token service and IAM Credentials stay Google's, https as google-auth insists, and {@link LoopbackTransports}
     * routes the first to the fake.
     */
    static BigQueryEndpoints endpointsOf(FakeBigQuery fake) {
        return BigQueryEndpoints.google()
                .withApi(URI.create(fake.endpoint()))
                .withOauthToken(URI.create(fake.auth().tokenUri()))
                .withSubjectTokenUrls(Set.of(URI.create(fake.auth().subjectTokenUri())));
    }

    /** Service account properties that reach the fake. */
    Map<String, Object> serviceAccount() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put(
                "serviceAccountKey",
                TestCredentials.serviceAccountKey(
                        keys, TestCredentials.EMAIL, fake.auth().tokenUri()));
        return properties;
    }

    ConnectionSettings settings(String authMethod, Map<String, Object> properties, Map<String, Object> advanced) {
        return Providers.of(new BigQueryProvider())
                .settings("test-bigquery", "bigquery", authMethod, properties, advanced);
    }

    WarehouseClient open(String authMethod, Map<String, Object> properties) {
        return open(authMethod, properties, Map.of());
    }

    WarehouseClient open(String authMethod, Map<String, Object> properties, Map<String, Object> advanced) {
        return open(provider, authMethod, properties, advanced);
    }

    /** A client of another provider, e.g. one the host configured with other endpoints, closed with the rest. */
    WarehouseClient open(BigQueryProvider other, String authMethod, Map<String, Object> properties) {
        return open(other, authMethod, properties, Map.of());
    }

    private WarehouseClient open(
            BigQueryProvider other, String authMethod, Map<String, Object> properties, Map<String, Object> advanced) {
        WarehouseClient client = other.open(settings(authMethod, properties, advanced), context);
        clients.add(client);
        return client;
    }

    /** A client for settings built by the test, e.g. with another connection id or identity. */
    WarehouseClient open(ConnectionSettings settings) {
        WarehouseClient client = provider.open(settings, context);
        clients.add(client);
        return client;
    }

    WarehouseClient serviceAccountClient() {
        return open("service_account", serviceAccount());
    }

    /** What the bearer tokens of the API requests made while {@code action} ran were issued for, each once. */
    Set<String> grantsWhile(Supplier<?> action) {
        fake.clearRequests();
        action.get();
        List<FakeBigQuery.AuthorizedRequest> requests = fake.authorizedRequests();
        assertThat(requests).as("API requests").isNotEmpty();
        return Set.copyOf(
                requests.stream().map(FakeBigQuery.AuthorizedRequest::grant).toList());
    }

    /** The report's failure, which must be at {@code stage} with {@code category}. */
    static StageResult failedAt(CheckReport report, CheckStage stage, ErrorCategory category) {
        StageResult failure =
                report.failure().orElseThrow(() -> new AssertionError("expected a failure:\n" + report.summary()));
        assertThat(failure.stage()).as(report.summary()).isEqualTo(stage);
        assertThat(failure.category()).as(report.summary()).contains(category);
        return failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        fake.clearFailures();
        fake.pageSize(Integer.MAX_VALUE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        clients.forEach(WarehouseClient::close);
        fake.close();
        scheduler.shutdownNow();
    }
}
