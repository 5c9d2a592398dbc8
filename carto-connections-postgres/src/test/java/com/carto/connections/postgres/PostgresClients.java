package com.carto.connections.postgres;

import com.carto.connections.Providers;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Opens provider clients on the fixture's databases, and watches their backends through {@code pg_stat_activity}. */
final class PostgresClients {
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "postgres-test-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    private PostgresClients() {}

    static WarehouseClient open(PostgresFixture postgres, String database, Map<String, ?> options) {
        return open(postgres, database, postgres.superuser(), postgres.superuserPassword(), options);
    }

    static WarehouseClient open(
            PostgresFixture postgres, String database, String user, String password, Map<String, ?> options) {
        return new PostgresProvider()
                .open(
                        Providers.of(new PostgresProvider())
                                .settings(
                                        "tests",
                                        "postgres",
                                        "password",
                                        Map.of(
                                                "host",
                                                postgres.host(),
                                                "port",
                                                postgres.port(),
                                                "database",
                                                database,
                                                "username",
                                                user,
                                                "password",
                                                password,
                                                "sslMode",
                                                "disable"),
                                        options),
                        new ProviderContext(SCHEDULER, Clock.systemUTC()));
    }

    /**
     * Polls until the number of other backends running a query whose text holds the marker, in a state other than
     * idle, is {@code expected}, or 15 s pass; returns the last count seen. A bounded wait, not a sleep.
     */
    static int awaitBusyBackends(PostgresFixture postgres, String database, String marker, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int count;
        do {
            count = Integer.parseInt(postgres.psql(
                    database,
                    "select count(*) from pg_stat_activity where pid <> pg_backend_pid()"
                            + " and state <> 'idle' and position('" + marker + "' in query) > 0"));
            if (count == expected) {
                return count;
            }
            pause();
        } while (System.nanoTime() < deadline);
        return count;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
