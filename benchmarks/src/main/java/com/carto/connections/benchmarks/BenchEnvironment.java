package com.carto.connections.benchmarks;

import com.carto.connections.Providers;
import com.carto.connections.postgres.PostgresProvider;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What every benchmark shares: the throwaway PostgreSQL + PostGIS cluster (core's test fixture), one database with
 * the benchmark tables, the reference pool (raw pgjdbc through HikariCP with binary transfer) and the SDK's client
 * (from {@link PostgresProvider#open}, exactly as an application gets it).
 */
final class BenchEnvironment implements AutoCloseable {
    /** The 8 columns of DESIGN §9: bigint, int, double, numeric, text, timestamptz, boolean, date. */
    static final String ROW_EXPRESSIONS = "g::bigint as id, (g % 100000)::int as small, g * 0.37::float8 as ratio,"
            + " (g * 1.25)::numeric(14, 2) as amount, md5(g::text) as label,"
            + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1.5 second' as at, g % 3 = 0 as flag,"
            + " date '2000-01-01' + (g % 10000)::int as day";

    static final int FETCH_SIZE = 10_000;

    private final PostgresFixture postgres;
    private final Sizes sizes;
    private final String database;
    private final HikariDataSource rawPool;
    private final ScheduledExecutorService scheduler;
    private final WarehouseClient client;
    private final Blackhole blackhole;
    private final PrintStream log;

    private BenchEnvironment(PostgresFixture postgres, Sizes sizes, String database, PrintStream log) {
        this.postgres = postgres;
        this.sizes = sizes;
        this.database = database;
        this.log = log;
        this.rawPool = rawPool(postgres, database);
        this.scheduler = Executors.newSingleThreadScheduledExecutor();
        this.client = new PostgresProvider()
                .open(
                        Providers.of(new PostgresProvider())
                                .settings(
                                        "benchmarks",
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
                                                postgres.superuser(),
                                                "password",
                                                postgres.superuserPassword(),
                                                "sslMode",
                                                "disable"),
                                        Map.of("queryTimeout", "1h")),
                        new ProviderContext(scheduler, Clock.systemUTC()));
        this.blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    /** Starts the cluster and loads {@code bench_rows} and {@code bench_points} at the given sizes. */
    static BenchEnvironment start(Sizes sizes, PrintStream log) {
        PostgresFixture postgres = PostgresFixture.shared();
        String database = postgres.createDatabase("bench", true);
        long started = System.nanoTime();
        postgres.psql(
                database,
                "create unlogged table bench_rows as select " + ROW_EXPRESSIONS
                        + " from generate_series(1, " + sizes.rows() + ") g;"
                        + " create unlogged table bench_points as select g as id, ST_SetSRID(ST_MakePoint(-180 + (g % 36000) * 0.01,"
                        + " -90 + (g % 18000) * 0.01), 4326) as geom from generate_series(1, " + sizes.points() + ") g;"
                        // Frozen and analyzed, so the first measured scan does not pay for setting hint bits.
                        + " vacuum (freeze, analyze) bench_rows; vacuum (freeze, analyze) bench_points;");
        log.printf(
                "Loaded %,d rows and %,d points in %.1f s%n",
                sizes.rows(), sizes.points(), (System.nanoTime() - started) / 1e9);
        return new BenchEnvironment(postgres, sizes, database, log);
    }

    private static HikariDataSource rawPool(PostgresFixture postgres, String database) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("raw-pgjdbc");
        config.setJdbcUrl(postgres.jdbcUrl(database));
        config.setUsername(postgres.superuser());
        config.setPassword(postgres.superuserPassword());
        config.setMaximumPoolSize(2);
        // The best raw configuration of DESIGN §9: server-prepared from the first execution, hence binary results.
        config.addDataSourceProperty("prepareThreshold", "-1");
        return new HikariDataSource(config);
    }

    PostgresFixture postgres() {
        return postgres;
    }

    Sizes sizes() {
        return sizes;
    }

    String database() {
        return database;
    }

    HikariDataSource rawPool() {
        return rawPool;
    }

    WarehouseClient client() {
        return client;
    }

    Blackhole blackhole() {
        return blackhole;
    }

    void log(String line) {
        log.println(line);
        log.flush();
    }

    @Override
    public void close() {
        client.close();
        rawPool.close();
        scheduler.shutdownNow();
    }
}
