package com.carto.connections.snowflake;

import com.carto.connections.Providers;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Opens clients of a provider as the facade would, with one shared scheduler; close it after the tests. */
final class TestClients implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final ProviderContext context = new ProviderContext(scheduler, Clock.systemUTC());

    WarehouseClient open(SnowflakeProvider provider, String authMethod, Map<String, Object> properties) {
        return open(provider, authMethod, properties, Map.of());
    }

    WarehouseClient open(
            SnowflakeProvider provider,
            String authMethod,
            Map<String, Object> properties,
            Map<String, Object> options) {
        ConnectionSettings settings =
                Providers.of(provider).settings("test-connection", "snowflake", authMethod, properties, options);
        return provider.open(settings, context);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
