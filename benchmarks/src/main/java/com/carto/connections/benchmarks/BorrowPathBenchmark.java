package com.carto.connections.benchmarks;

import com.carto.connections.Providers;
import com.carto.connections.internal.ClientCache;
import com.carto.connections.internal.ClientKey;
import com.carto.connections.internal.ClientLease;
import com.carto.connections.postgres.PostgresProvider;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.store.StoredConnection;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (7) JMH against the throwaway PostgreSQL: what the SDK's borrow path costs per call, as microseconds per cycle.
 *
 * <ul>
 *   <li>{@code facadeQuery}: {@code connections.query(owner, id, "select 1")} read and closed — the store read for
 *       access, the access check, the client cache's lease and the pool's borrow and return, per store ({@code h2}
 *       embedded or {@code postgres});
 *   <li>{@code clientQuery}: the same statement on the SDK's {@link WarehouseClient} directly (no store, no cache);
 *   <li>{@code rawQuery}: raw HikariCP + pgjdbc doing what the client does for a read (autocommit off, fetch size,
 *       commit); {@code rawQueryWithDescribe} adds the {@code getMetaData()} round trip the client makes to find
 *       geometry columns; {@code rawAutocommitQuery} is the plainest application code;
 *   <li>{@code cacheLease}: {@code ClientCache.lease(...).close()} on a cached client, against
 *       {@code hikariBorrow}: {@code HikariDataSource.getConnection().close()};
 *   <li>{@code storeFind}: {@code ConnectionStore.find(id)}, the read every facade call makes for access.
 * </ul>
 *
 * Run with {@code benchmarks/run jmh BorrowPath}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BorrowPathBenchmark {
    static final Query SELECT_ONE = Query.sql("select 1");
    static final String SQL = "select 1";

    /** A warehouse database with the raw pool, the SDK's client and a client cache holding that client. */
    @State(Scope.Benchmark)
    public static class Warehouse {
        PostgresFixture postgres;
        String database;
        HikariDataSource raw;
        ScheduledExecutorService scheduler;
        WarehouseClient client;
        ClientCache cache;
        ClientKey key;

        @Setup(Level.Trial)
        public void start() {
            postgres = PostgresFixture.shared();
            database = postgres.createDatabase("bench_borrow", false);
            String role = postgres.createRole("bench_borrow", BenchFacade.PASSWORD);
            HikariConfig config = new HikariConfig();
            config.setPoolName("raw-borrow");
            config.setJdbcUrl(postgres.jdbcUrl(database));
            config.setUsername(role);
            config.setPassword(BenchFacade.PASSWORD);
            config.setMaximumPoolSize(10);
            config.addDataSourceProperty("prepareThreshold", "-1");
            raw = new HikariDataSource(config);
            scheduler = Executors.newSingleThreadScheduledExecutor();
            client = new PostgresProvider()
                    .open(
                            Providers.of(new PostgresProvider())
                                    .settings(
                                            "borrow",
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
                                                    role,
                                                    "password",
                                                    BenchFacade.PASSWORD,
                                                    "sslMode",
                                                    "disable"),
                                            Map.of()),
                            new ProviderContext(scheduler, Clock.systemUTC()));
            cache = new ClientCache(200, scheduler, Clock.systemUTC());
            key = ClientKey.owner("borrow", 1);
        }

        @TearDown(Level.Trial)
        public void stop() {
            cache.close();
            client.close();
            raw.close();
            scheduler.shutdownNow();
        }
    }

    /** A facade over a store of the given kind with one connection to the warehouse database. */
    @State(Scope.Benchmark)
    public static class Facade {
        @Param({"h2", "postgres"})
        public String store;

        BenchFacade facade;
        String id;

        @Setup(Level.Trial)
        public void start(Warehouse warehouse) {
            facade = BenchFacade.start(
                    warehouse.postgres,
                    BenchFacade.StoreKind.valueOf(store.toUpperCase(java.util.Locale.ROOT)),
                    warehouse.database,
                    "bench_facade");
            id = facade.register(0, 1, 10).get(0);
        }

        @TearDown(Level.Trial)
        public void stop() {
            facade.close();
        }
    }

    @Benchmark
    public @Nullable Object facadeQuery(Facade facade) {
        return firstValue(facade.facade.connections().query(BenchFacade.owner(), facade.id, SELECT_ONE));
    }

    @Benchmark
    public @Nullable Object clientQuery(Warehouse warehouse) {
        return firstValue(warehouse.client.query(SELECT_ONE));
    }

    @Benchmark
    public int rawQuery(Warehouse warehouse) throws SQLException {
        return raw(warehouse.raw, false);
    }

    @Benchmark
    public int rawQueryWithDescribe(Warehouse warehouse) throws SQLException {
        return raw(warehouse.raw, true);
    }

    @Benchmark
    public int rawAutocommitQuery(Warehouse warehouse) throws SQLException {
        try (Connection connection = warehouse.raw.getConnection();
                PreparedStatement statement = connection.prepareStatement(SQL);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    @Benchmark
    public WarehouseClient cacheLease(Warehouse warehouse) {
        WarehouseClient client = warehouse.client;
        try (ClientLease lease = warehouse.cache.lease(warehouse.key, 10, () -> client)) {
            return lease.client();
        }
    }

    @Benchmark
    public Connection hikariBorrow(Warehouse warehouse) throws SQLException {
        try (Connection connection = warehouse.raw.getConnection()) {
            return connection;
        }
    }

    @Benchmark
    public Optional<StoredConnection> storeFind(Facade facade) {
        return facade.facade.store().find(facade.id);
    }

    static @Nullable Object firstValue(QueryResult result) {
        try (result) {
            result.next();
            Object value = result.value(0);
            result.next();
            return value;
        }
    }

    /** What {@code JdbcWarehouseClient.query} does on the wire for a read, optionally with its describe round trip. */
    static int raw(HikariDataSource pool, boolean describe) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement =
                    connection.prepareStatement(SQL, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(BenchEnvironment.FETCH_SIZE);
                if (describe) {
                    statement.getMetaData();
                }
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    int value = row.getInt(1);
                    connection.commit();
                    return value;
                }
            }
        }
    }
}
