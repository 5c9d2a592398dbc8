package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.Connection;
import com.carto.connections.ConnectionChanges;
import com.carto.connections.ConnectionEvent;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.check.CheckFailedException;
import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.PageRequest;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.LogCapture;
import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The facade end to end: a real PostgreSQL warehouse, an embedded H2 store, real encryption. */
class ConnectionsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "facade-password";
    private static String role;
    private static String database;

    private final Principal alice = Principal.of("alice", "acme", Role.EDITOR);
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final List<Connections> opened = new ArrayList<>();

    @TempDir
    Path directory;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("facade", PASSWORD);
        database = POSTGRES.createDatabase("facade", true);
    }

    private Connections connections() {
        Connections connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .listener(events::add)
                .build();
        opened.add(connections);
        return connections;
    }

    @AfterEach
    void close() {
        opened.forEach(Connections::close);
    }

    private static NewConnection draft(String name) {
        return NewConnection.of("postgres", name)
                .authMethod("password")
                .property("host", POSTGRES.host())
                .property("port", POSTGRES.port())
                .property("database", database)
                .property("username", role)
                .secret("password", PASSWORD)
                .property("sslMode", "disable");
    }

    @Test
    void createsAPrivateConnectionAfterALiveCheckWithoutReturningSecrets() {
        Connection created = connections().create(alice, draft("gis-prod").option("queryTimeout", "30s"));
        assertThat(created.name()).isEqualTo("gis-prod");
        assertThat(created.ownerId()).isEqualTo("alice");
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.secretKeys()).containsExactly("password");
        assertThat(created.properties()).containsEntry("host", POSTGRES.host()).doesNotContainKey("password");
        assertThat(created.toString()).doesNotContain(PASSWORD);
        assertThat(events).extracting(ConnectionEvent::type).containsExactly(ConnectionEvent.Type.CREATED);
    }

    @Test
    void refusesToStoreAConnectionWhoseLiveCheckFails() {
        Connections connections = connections();
        CheckFailedException failure = catchThrowableOfType(
                CheckFailedException.class,
                () -> connections.create(alice, draft("wrong-password").secret("password", "not-it")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(failure.report().failure().orElseThrow().stage()).isEqualTo(CheckStage.AUTHENTICATE);
        assertThat(connections
                        .list(alice, ConnectionFilter.organization("acme"), PageRequest.first(10))
                        .items())
                .isEmpty();
    }

    @Test
    void storesWithoutALiveCheckWhenTheDraftSkipsIt() {
        Connection created = connections()
                .create(alice, draft("later").property("port", closedPort()).skipLiveCheck());
        assertThat(created.properties())
                .containsEntry("port", created.properties().get("port"));
    }

    @Test
    void reportsNameAndPropertyProblemsTogether() {
        InvalidConfigurationException failure = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> connections()
                        .create(alice, NewConnection.of("postgres", "Bad Name!").property("port", "x")));
        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .contains("name", "host", "port", "database", "username", "password");
    }

    @Test
    void namesTheFieldOfAnUnknownProviderOrAuthMethod() {
        Connections connections = connections();
        assertThatThrownBy(() -> connections.create(alice, NewConnection.of("teradata", "old-one")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("provider_id");
        assertThatThrownBy(() -> connections.create(alice, draft("krb").authMethod("kerberos")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("type");
    }

    @Test
    void refusesADuplicateNameInTheOrganization() {
        Connections connections = connections();
        connections.create(alice, draft("twice"));
        Throwable failure = catchThrowable(() -> connections.create(alice, draft("twice")));
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(failure).hasMessageContaining("name");
    }

    @Test
    void refusesAMaskPlaceholderAsASecret() {
        assertThatThrownBy(() -> connections().create(alice, draft("masked").secret("password", "********")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("password is a mask placeholder");
    }

    @Test
    void keepsAStoredSecretThatAnUpdateOmits() {
        Connections connections = connections();
        Connection created = connections.create(alice, draft("patched"));
        Connection updated = connections.update(
                alice, created.id(), ConnectionChanges.none().option("maxConcurrentQueries", 3), created.version());
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.advanced()).containsEntry("maxConcurrentQueries", 3);
        assertThat(updated.secretKeys()).containsExactly("password");
        assertThat(connections.check(alice, created.id()).ok())
                .as("the stored password still logs in")
                .isTrue();
    }

    @Test
    void refusesAStaleUpdateAndChangesNothing() {
        Connections connections = connections();
        Connection created = connections.create(alice, draft("raced"));
        connections.rename(alice, created.id(), "raced-renamed", 1);
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.update(
                        alice, created.id(), ConnectionChanges.none().property("database", "other"), 1));
        assertThat(failure.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(connections.get(alice, created.id()).properties()).containsEntry("database", database);
    }

    @Test
    void hidesAConnectionFromOtherUsersAndOrganizations() {
        Connections connections = connections();
        Connection created = connections.create(alice, draft("private-one"));
        for (Principal other :
                List.of(Principal.of("bob", "acme", Role.EDITOR), Principal.of("alice", "globex", Role.SUPERADMIN))) {
            assertThatThrownBy(() -> connections.get(other, created.id()))
                    .extracting(failure -> ((ConnectionException) failure).category())
                    .isEqualTo(ErrorCategory.NOT_FOUND);
        }
        assertThat(connections
                        .get(Principal.of("root", "acme", Role.SUPERADMIN), created.id())
                        .name())
                .isEqualTo("private-one");
    }

    @Test
    void refusesCreationToAViewer() {
        assertThatThrownBy(() -> connections().create(Principal.of("val", "acme", Role.VIEWER), draft("viewed")))
                .extracting(failure -> ((ConnectionException) failure).category())
                .isEqualTo(ErrorCategory.PERMISSION_DENIED);
    }

    @Test
    void renamesListsAndDeletesWithEvents() {
        Connections connections = connections();
        Connection first = connections.create(alice, draft("b-first"));
        connections.create(alice, draft("a-second"));
        connections.rename(alice, first.id(), "c-first", 1);
        assertThat(connections
                        .list(alice, ConnectionFilter.organization("acme"), PageRequest.first(1))
                        .items())
                .extracting(Connection::name)
                .containsExactly("a-second");
        assertThat(connections
                        .list(alice, ConnectionFilter.organization("acme").namePrefix("c-"), PageRequest.first(10))
                        .items())
                .extracting(Connection::name)
                .containsExactly("c-first");
        connections.delete(alice, first.id(), 2);
        assertThatThrownBy(() -> connections.get(alice, first.id())).isInstanceOf(ConnectionException.class);
        assertThat(events)
                .extracting(ConnectionEvent::type)
                .containsExactly(
                        ConnectionEvent.Type.CREATED,
                        ConnectionEvent.Type.CREATED,
                        ConnectionEvent.Type.RENAMED,
                        ConnectionEvent.Type.DELETED);
    }

    @Test
    void persistsConnectionsAndTheirSecretsAcrossRestarts() {
        Connection created;
        try (Connections first = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .build()) {
            created = first.create(alice, draft("durable"));
        }
        try (Connections second = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .build()) {
            assertThat(second.get(alice, created.id())).isEqualTo(created);
            assertThat(second.check(alice, created.id()).ok()).isTrue();
        }
    }

    @Test
    void reencryptsEverySecretUnderANewPrimaryKey() {
        KeyRing original = KeyRing.generate("k1");
        Connection created;
        try (Connections before = withKeys(original)) {
            created = before.create(alice, draft("rotated"));
        }
        try (Connections after = withKeys(original.withKey("k2", newKey()).withPrimary("k2"))) {
            assertThat(after.secretsUnderOldKeys()).isEqualTo(1);
            assertThat(after.reencryptSecrets().remaining()).isZero();
            assertThat(after.reencryptSecrets().remaining()).as("idempotent").isZero();
            assertThat(after.check(alice, created.id()).ok()).isTrue();
        }
    }

    private static byte[] newKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    private Connections withKeys(KeyRing keys) {
        return Connections.builder()
                .store(ConnectionStore.embedded(directory))
                .keys(keys)
                .providers(Providers.of(new PostgresProvider()))
                .build();
    }

    @Test
    void neverRevealsASecretInLogsExceptionsEventsOrViews() {
        String canary = "canary-" + UUID.randomUUID();
        List<String> printed = new ArrayList<>();
        try (LogCapture logs = LogCapture.start();
                Connections connections = connections()) {
            printed.add(String.valueOf(catchThrowable(
                    () -> connections.create(alice, draft("canary-a").secret("password", canary)))));
            printed.add(String.valueOf(
                    catchThrowable(() -> connections.create(alice, draft("BAD").secret("password", canary)))));
            Connection created = connections.create(alice, draft("canary-b").secret("password", PASSWORD));
            printed.add(String.valueOf(catchThrowable(() -> connections.update(
                    alice, created.id(), ConnectionChanges.none().secret("password", canary), created.version()))));
            printed.add(String.valueOf(catchThrowable(() -> connections.update(
                    alice, created.id(), ConnectionChanges.none().secret("password", canary), 99))));
            printed.add(connections.get(alice, created.id()).toString());
            printed.add(connections
                    .list(alice, ConnectionFilter.organization("acme"), PageRequest.first(10))
                    .toString());
            printed.add(draft("x").secret("password", canary).toString());
            printed.add(ConnectionChanges.none().secret("password", canary).toString());
            connections.delete(alice, created.id(), created.version());
            events.forEach(event -> printed.add(event.toString()));
            printed.addAll(logs.lines());
        }
        assertThat(printed)
                .hasSizeGreaterThan(8)
                .allSatisfy(text -> assertThat(text).doesNotContain(canary));
        assertThat(String.join("\n", printed)).contains("password");
    }

    @Test
    void keepsTheKeyFileOwnerOnly() throws IOException {
        connections();
        assertThat(Files.getPosixFilePermissions(directory.resolve("connections.keys")))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void losesNoUpdateBetweenTwoInstancesSharingAPostgresStore() throws Exception {
        String storeDatabase = POSTGRES.createDatabase("facade_store", false);
        KeyRing keys = KeyRing.generate("shared");
        List<com.zaxxer.hikari.HikariDataSource> pools = new ArrayList<>();
        List<Connections> instances = new ArrayList<>();
        for (int index = 0; index < 2; index++) {
            com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
            pool.setJdbcUrl(POSTGRES.jdbcUrl(storeDatabase));
            pool.setUsername(POSTGRES.superuser());
            pool.setPassword(POSTGRES.superuserPassword());
            pools.add(pool);
            instances.add(Connections.builder()
                    .store(ConnectionStore.postgres(pool))
                    .keys(keys)
                    .providers(Providers.of(new PostgresProvider()))
                    .build());
        }
        Connection created = instances.get(0).create(alice, draft("contended"));
        java.util.concurrent.atomic.AtomicInteger successes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            Connections instance = instances.get(thread % 2);
            int concurrency = thread + 1;
            workers.add(threads.submit(() -> {
                for (int attempt = 0; attempt < 15; attempt++) {
                    Connection read = instance.get(alice, created.id());
                    try {
                        instance.update(
                                alice,
                                read.id(),
                                ConnectionChanges.none().option("maxConcurrentQueries", concurrency),
                                read.version());
                        successes.incrementAndGet();
                    } catch (ConnectionException e) {
                        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> worker : workers) {
            worker.get(5, java.util.concurrent.TimeUnit.MINUTES);
        }
        threads.shutdown();
        try {
            assertThat(successes.get() + conflicts.get()).isEqualTo(8 * 15);
            assertThat(instances.get(1).get(alice, created.id()).version()).isEqualTo(1L + successes.get());
        } finally {
            instances.forEach(Connections::close);
            pools.forEach(com.zaxxer.hikari.HikariDataSource::close);
        }
    }

    @Test
    void logsWithTheConnectionIdInTheMdc() {
        try (LogCapture logs = LogCapture.start()) {
            Connection created = connections().create(alice, draft("logged"));
            assertThat(logs.lines())
                    .anySatisfy(line ->
                            assertThat(line).contains("Created connection").contains("connectionId=" + created.id()));
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
