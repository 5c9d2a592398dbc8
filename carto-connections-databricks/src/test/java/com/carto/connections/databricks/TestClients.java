package com.carto.connections.databricks;

import com.carto.connections.Providers;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens clients of the provider as the facade would, its workspace served over plain HTTP at a loopback port (the
 * fake, or a stub); close it after the tests.
 */
final class TestClients implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final ProviderContext context = new ProviderContext(scheduler, Clock.systemUTC());

    WarehouseClient open(int port) {
        return open(port, DatabricksProviderTest.properties(), Map.of());
    }

    WarehouseClient open(int port, Map<String, Object> properties, Map<String, Object> options) {
        DatabricksProvider provider = new DatabricksProvider(
                new com.databricks.client.jdbc.Driver(),
                Workspaces.withPlainHttp(DatabricksProviderTest.WORKSPACE, new ServerAddress("127.0.0.1", port)));
        ConnectionSettings settings =
                Providers.of(provider).settings("test-connection", "databricks", "token", properties, options);
        return provider.open(settings, context);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
