package com.carto.connections.bigquery;

import com.carto.connections.Providers;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A fake BigQuery with a registered service account, and the clients a test class opens against it. */
final class TestConnections implements AutoCloseable {
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
    final BigQueryProvider provider = new BigQueryProvider(transports);

    TestConnections() {
        fake.auth().registerServiceAccount(TestCredentials.EMAIL, keys.getPublic());
    }

    /** Service account properties that reach the fake. */
    Map<String, Object> serviceAccount() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("serviceAccountKey", TestCredentials.serviceAccountKey(keys, TestCredentials.EMAIL, fake.auth().tokenUri()));
        properties.put("apiEndpoint", fake.endpoint());
        return properties;
    }

    ConnectionSettings settings(String authMethod, Map<String, Object> properties, Map<String, Object> advanced) {
        return Providers.of(new BigQueryProvider()).settings("test-bigquery", "bigquery", authMethod, properties, advanced);
    }

    WarehouseClient open(String authMethod, Map<String, Object> properties) {
        return open(authMethod, properties, Map.of());
    }

    WarehouseClient open(String authMethod, Map<String, Object> properties, Map<String, Object> advanced) {
        WarehouseClient client = provider.open(settings(authMethod, properties, advanced), context);
        clients.add(client);
        return client;
    }

    WarehouseClient serviceAccountClient() {
        return open("service_account", serviceAccount());
    }

    @Override
    public void close() {
        clients.forEach(WarehouseClient::close);
        fake.close();
        scheduler.shutdownNow();
    }
}
