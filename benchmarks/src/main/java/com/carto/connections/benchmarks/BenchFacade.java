package com.carto.connections.benchmarks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.postgres.PostgresProvider;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The facade as an application builds it, for the pool, listing and borrow benchmarks: a connection store (PostgreSQL
 * in a database of its own, or embedded H2 in a temporary directory), a generated key ring and the PostgreSQL provider.
 * Registered connections log in to the warehouse database as a role of their own, so {@code pg_stat_activity}
 * counts exactly their sockets.
 */
final class BenchFacade implements AutoCloseable {
    static final String ORGANIZATION = "acme";
    static final String PASSWORD = "bench-pools-password";

    /** Where the connections are kept. */
    enum StoreKind {
        POSTGRES,
        H2
    }

    private final PostgresFixture postgres;
    private final StoreKind kind;
    private final String warehouseDatabase;
    private final String role;
    private final ConnectionStore store;
    private final Optional<HikariDataSource> storePool;
    private final Optional<Path> storeDirectory;
    private final String storeJdbcUrl;
    private final Connections connections;

    private BenchFacade(
            PostgresFixture postgres,
            StoreKind kind,
            String warehouseDatabase,
            String role,
            ConnectionStore store,
            Optional<HikariDataSource> storePool,
            Optional<Path> storeDirectory,
            String storeJdbcUrl) {
        this.postgres = postgres;
        this.kind = kind;
        this.warehouseDatabase = warehouseDatabase;
        this.role = role;
        this.store = store;
        this.storePool = storePool;
        this.storeDirectory = storeDirectory;
        this.storeJdbcUrl = storeJdbcUrl;
        this.connections = Connections.builder()
                .store(store)
                .keys(KeyRing.generate("bench"))
                .providers(Providers.of(new PostgresProvider()))
                // The owner is the only member: grants (line 10) need the directory to check their creator.
                .members((organizationId, userId) ->
                        organizationId.equals(ORGANIZATION) && userId.equals(owner().userId())
                                ? Optional.of(owner())
                                : Optional.empty())
                .build();
    }

    /**
     * A facade whose connections reach {@code warehouseDatabase} as a new role.
     *
     * @param prefix names the role and, for a PostgreSQL store, its database
     */
    static BenchFacade start(PostgresFixture postgres, StoreKind kind, String warehouseDatabase, String prefix) {
        requireNonNull(kind, "kind is null");
        String role = postgres.createRole(prefix, PASSWORD);
        if (kind == StoreKind.POSTGRES) {
            String storeDatabase = postgres.createDatabase(prefix + "_store", false);
            HikariConfig config = new HikariConfig();
            // Not named carto-… so that its housekeeper is not counted among the SDK's threads.
            config.setPoolName("bench-store");
            config.setJdbcUrl(postgres.jdbcUrl(storeDatabase));
            config.setUsername(postgres.superuser());
            config.setPassword(postgres.superuserPassword());
            config.setMaximumPoolSize(4);
            HikariDataSource pool = new HikariDataSource(config);
            return new BenchFacade(
                    postgres,
                    kind,
                    warehouseDatabase,
                    role,
                    ConnectionStore.postgres(pool),
                    Optional.of(pool),
                    Optional.empty(),
                    postgres.jdbcUrl(storeDatabase));
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("bench-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The URL the embedded store opens (JdbcConnectionStore.h2); a second connection in this JVM shares its
        // database.
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("connections")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        return new BenchFacade(
                postgres,
                kind,
                warehouseDatabase,
                role,
                ConnectionStore.embedded(directory),
                Optional.empty(),
                Optional.of(directory),
                url);
    }

    /** The editor who owns every connection {@link #register registered} here. */
    static Principal owner() {
        return Principal.of("owner", ORGANIZATION, Role.EDITOR);
    }

    /** A password connection to the warehouse database as this facade's role; no live check, as an import would. */
    NewConnection draft(String name, int maxConcurrentQueries) {
        return NewConnection.of("postgres", name)
                .authMethod("password")
                .property("host", postgres.host())
                .property("port", postgres.port())
                .property("database", warehouseDatabase)
                .property("username", role)
                .secret("password", PASSWORD)
                .property("sslMode", "disable")
                .option("maxConcurrentQueries", maxConcurrentQueries)
                .skipLiveCheck();
    }

    /** Creates connections {@code pool-<from>} to {@code pool-<to - 1>} through the facade and returns their ids. */
    List<String> register(int from, int to, int maxConcurrentQueries) {
        List<String> ids = new ArrayList<>(to - from);
        for (int index = from; index < to; index++) {
            ids.add(connections
                    .create(owner(), draft(String.format(Locale.ROOT, "pool-%05d", index), maxConcurrentQueries))
                    .id());
        }
        return ids;
    }

    Connections connections() {
        return connections;
    }

    ConnectionStore store() {
        return store;
    }

    StoreKind kind() {
        return kind;
    }

    String role() {
        return role;
    }

    /** A JDBC URL of the store's own database, for reference queries over the same tables. */
    String storeJdbcUrl() {
        return storeJdbcUrl;
    }

    /** Credentials for {@link #storeJdbcUrl()}: the superuser on PostgreSQL, H2's default user otherwise. */
    String storeUser() {
        return kind == StoreKind.POSTGRES ? postgres.superuser() : "";
    }

    String storePassword() {
        return kind == StoreKind.POSTGRES ? postgres.superuserPassword() : "";
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        // Closes the client cache, the housekeeping scheduler and the store (the embedded one owns its pool).
        connections.close();
        storePool.ifPresent(HikariDataSource::close);
        storeDirectory.ifPresent(BenchFacade::deleteQuietly);
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
