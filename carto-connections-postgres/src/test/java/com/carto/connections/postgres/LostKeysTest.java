package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.Connection;
import com.carto.connections.ConnectionChanges;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.ReencryptionReport;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What happens when a key the stored secrets need is gone: the embedded key file deleted, or a ring without it. */
class LostKeysTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "lost-keys-password";
    private static String role;
    private static String database;

    private final Principal alice = Principal.of("alice", "acme", Role.EDITOR);
    private final List<Connections> opened = new ArrayList<>();

    @TempDir
    Path directory;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("lostkeys", PASSWORD);
        database = POSTGRES.createDatabase("lostkeys", true);
    }

    @AfterEach
    void close() {
        opened.forEach(Connections::close);
    }

    private Connections embedded() {
        return track(Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .build());
    }

    private Connections withKeys(KeyRing keys) {
        return track(Connections.builder()
                .store(ConnectionStore.embedded(directory))
                .keys(keys)
                .providers(Providers.of(new PostgresProvider()))
                .build());
    }

    private Connections track(Connections connections) {
        opened.add(connections);
        return connections;
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

    private static String onlyKeyId(Path keyFile) throws IOException {
        return Files.readAllLines(keyFile).stream()
                .filter(line -> line.startsWith("primary="))
                .map(line -> line.substring("primary=".length()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aMissingKeyFileFailsTheBuildNamingTheFileAndTheKeysTheStoreNeedsAndIsNotRecreated() throws IOException {
        Path keyFile = directory.resolve("connections.keys");
        try (Connections first = embedded()) {
            first.create(alice, draft("kept"));
        }
        String keyId = onlyKeyId(keyFile);
        Files.delete(keyFile);

        ConnectionException failure = catchThrowableOfType(ConnectionException.class, this::embedded);

        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.getMessage()).contains(keyFile.toString()).contains(keyId);
        assertThat(keyFile).doesNotExist();
    }

    @Test
    void anEmptyStoreGetsAFreshKeyFile() {
        Path keyFile = directory.resolve("connections.keys");

        embedded();

        assertThat(keyFile).exists();
    }

    @Test
    void aRestoredKeyFileOpensTheStoreAgain() throws IOException {
        Path keyFile = directory.resolve("connections.keys");
        Connection created;
        try (Connections first = embedded()) {
            created = first.create(alice, draft("restored"));
        }
        Path backup = directory.resolveSibling(directory.getFileName() + ".keys-backup");
        Files.move(keyFile, backup);
        catchThrowableOfType(ConnectionException.class, this::embedded);
        Files.move(backup, keyFile);

        assertThat(embedded().check(alice, created.id()).ok()).isTrue();
    }

    @Test
    void aRingWithoutAKeyTheStoreNeedsFailsTheBuildNamingTheMissingKey() {
        try (Connections first = withKeys(KeyRing.generate("old-key"))) {
            first.create(alice, draft("old"));
        }

        ConnectionException failure =
                catchThrowableOfType(ConnectionException.class, () -> withKeys(KeyRing.generate("new-key")));

        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.getMessage()).contains("old-key").contains("acceptLostKeys");
    }

    @Test
    void acceptingTheLossOfAKeyLetsTheStoreOpenAndAMissingKeyFileBeCreated() {
        Path keyFile = directory.resolve("connections.keys");
        try (Connections first = withKeys(KeyRing.generate("gone"))) {
            first.create(alice, draft("orphan"));
        }

        track(Connections.builder()
                .embedded(directory)
                .acceptLostKeys(Set.of("gone"))
                .providers(Providers.of(new PostgresProvider()))
                .build());

        assertThat(keyFile).exists();
    }

    private Connections afterLosing(String lostKeyId) {
        return track(Connections.builder()
                .store(ConnectionStore.embedded(directory))
                .keys(KeyRing.generate("fresh"))
                .acceptLostKeys(Set.of(lostKeyId))
                .providers(Providers.of(new PostgresProvider()))
                .build());
    }

    @Test
    void aConnectionWhoseSecretKeyIsLostIsRepairedByReenteringTheSecret() {
        Connection created;
        try (Connections first = withKeys(KeyRing.generate("gone"))) {
            created = first.create(alice, draft("repaired"));
        }
        Connections after = afterLosing("gone");

        Connection repaired = after.update(
                alice, created.id(), ConnectionChanges.none().secret("password", PASSWORD), created.version());

        assertThat(repaired.version()).isEqualTo(created.version() + 1);
        try (QueryResult result = after.query(alice, created.id(), Query.sql("select 41 + 1"))) {
            assertThat(result.next()).isTrue();
            assertThat(((Number) result.value(0)).intValue()).isEqualTo(42);
        }
        assertThat(after.secretsUnderOldKeys()).isZero();
    }

    @Test
    void anUpdateThatKeepsAnUnreadableSecretNamesItAndItsKeyAndSuggestsReenteringIt() {
        Connection created;
        try (Connections first = withKeys(KeyRing.generate("gone"))) {
            created = first.create(alice, draft("kept-unreadable"));
        }
        Connections after = afterLosing("gone");

        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> after.update(
                        alice,
                        created.id(),
                        ConnectionChanges.none().property("sslMode", "disable"),
                        created.version()));

        assertThat(failure.getMessage())
                .contains("'password'")
                .contains("'gone'")
                .contains("re-enter");
        assertThat(failure.getMessage()).doesNotContain(PASSWORD);
    }

    private static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void rotationSkipsAndReportsAnUnreadableSecretAndReencryptsTheRest() {
        KeyRing original = KeyRing.generate("k1");
        Connection first;
        Connection second;
        Connection orphan;
        try (Connections before = withKeys(original)) {
            first = before.create(alice, draft("first"));
            second = before.create(alice, draft("second"));
        }
        try (Connections before = withKeys(original.withKey("gone", newKey()).withPrimary("gone"))) {
            orphan = before.create(alice, draft("orphan"));
        }
        Connections after = track(Connections.builder()
                .store(ConnectionStore.embedded(directory))
                .keys(original.withKey("k2", newKey()).withPrimary("k2"))
                .acceptLostKeys(Set.of("gone"))
                .providers(Providers.of(new PostgresProvider()))
                .build());

        ReencryptionReport report = after.reencryptSecrets();

        assertThat(report.unreadable())
                .containsExactly(
                        new ReencryptionReport.UnreadableSecret(orphan.id(), "password", Optional.empty(), "gone"));
        assertThat(report.remaining()).isEqualTo(1);
        assertThat(after.check(alice, first.id()).ok()).isTrue();
        assertThat(after.check(alice, second.id()).ok()).isTrue();
    }
}
