package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.access.Dependent;
import com.carto.connections.access.InUseException;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} must do; run against H2 and the real PostgreSQL. */
abstract class ConnectionStoreContract {
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");

    /** A store on a fresh, empty database. */
    abstract ConnectionStore store();

    /** A second store instance on the same database as {@link #store()}. */
    abstract ConnectionStore secondInstance();

    static StoredConnection connection(String organization, String name) {
        return new StoredConnection(
                UUID.randomUUID().toString(),
                organization,
                "alice",
                name,
                "postgres",
                "password",
                Map.of("host", "db.example.com", "port", 5432, "verify", true),
                Map.of("password", new EncryptedSecret("k1", "v1.k1.ciphertext-" + name)),
                Map.of("queryTimeout", "30s"),
                CREATED,
                CREATED,
                1);
    }

    @Test
    void findsWhatItInsertedWithSecretsAndTypedValues() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org", "gis-prod");
        store.insert(connection);
        assertThat(store.find(connection.id())).contains(connection);
    }

    @Test
    void refusesAValueTooLongForItsColumnAsInvalidConfigurationNotRetryableAndStoresNothing() {
        ConnectionStore store = store();
        StoredConnection tooLong = connection("org-" + UUID.randomUUID(), "n".repeat(51));

        ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> store.insert(tooLong));

        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.sqlState()).contains("22001");
        assertThat(failure).hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(store.find(tooLong.id())).isEmpty();
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(store().find("no-such-id")).isEmpty();
    }

    @Test
    void refusesADuplicateNameInOneOrganizationWithConflictNamingTheName() {
        ConnectionStore store = store();
        store.insert(connection("org", "shared-name"));
        ConnectionException failure =
                catchThrowableOfType(ConnectionException.class, () -> store.insert(connection("org", "shared-name")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(failure).hasMessageContaining("name");
        store.insert(connection("other-org", "shared-name"));
    }

    @Test
    void listsOneOrganizationByNameWithFiltersAndPages() {
        ConnectionStore store = store();
        for (String name : List.of("c-three", "a-one", "b-two", "a-two")) {
            store.insert(connection("org", name));
        }
        store.insert(connection("elsewhere", "a-zero"));
        ConnectionFilter filter = ConnectionFilter.organization("org");
        assertThat(store.list(filter, 10, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("a-one", "a-two", "b-two", "c-three");
        assertThat(store.list(filter, 2, Optional.of("a-two")))
                .extracting(ListedConnection::name)
                .containsExactly("b-two", "c-three");
        assertThat(store.list(filter.namePrefix("a-"), 10, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("a-one", "a-two");
        assertThat(store.list(filter.provider("bigquery"), 10, Optional.empty()))
                .isEmpty();
        assertThat(store.list(filter, 1, Optional.empty()).get(0).secretKeys()).containsExactly("password");
    }

    @Test
    void listsEachConnectionWithItsSecretNamesAndNeverACiphertext() {
        ConnectionStore store = store();
        String organization = "org-" + UUID.randomUUID();
        String canary = "canary-ciphertext-" + UUID.randomUUID();
        StoredConnection twoSecrets = owned(
                new StoredConnection(
                        UUID.randomUUID().toString(),
                        organization,
                        "alice",
                        "a-two-secrets",
                        "postgres",
                        "password",
                        Map.of("host", "db.example.com", "port", 5432, "verify", true),
                        Map.of(
                                "password", new EncryptedSecret("k1", canary + "-password"),
                                "sslKey", new EncryptedSecret("k2", canary + "-ssl-key")),
                        Map.of("queryTimeout", "30s"),
                        CREATED,
                        CREATED,
                        1),
                "alice",
                Sharing.groups("gis", "analysts"));
        StoredConnection noSecret = new StoredConnection(
                UUID.randomUUID().toString(),
                organization,
                "alice",
                "b-no-secret",
                "postgres",
                "password",
                Map.of("host", "db.example.com"),
                Map.of(),
                Map.of(),
                CREATED,
                CREATED,
                1);
        store.insert(twoSecrets);
        store.insert(noSecret);

        List<ListedConnection> listed = store.list(ConnectionFilter.organization(organization), 10, Optional.empty());

        assertThat(listed).containsExactly(ListedConnection.of(twoSecrets), ListedConnection.of(noSecret));
        assertThat(listed.get(0).secretKeys()).containsExactlyInAnyOrder("password", "sslKey");
        assertThat(listed.get(1).secretKeys()).isEmpty();
        // A record prints every component, so no part of a listed row holds a ciphertext.
        assertThat(listed.toString()).doesNotContain(canary).contains("sslKey");
    }

    @Test
    void treatsLikeWildcardsInANamePrefixLiterally() {
        ConnectionStore store = store();
        store.insert(connection("org", "a_b"));
        store.insert(connection("org", "axb"));
        assertThat(store.list(ConnectionFilter.organization("org").namePrefix("a_"), 10, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("a_b");
    }

    @Test
    void listsOnlyNamesContainingTheTextIgnoringCase() {
        ConnectionStore store = store();
        for (String name : List.of("Sales EU", "eu-sales", "Europe", "us")) {
            store.insert(connection("org", name));
        }
        assertThat(store.list(ConnectionFilter.organization("org").nameContains("eU"), 10, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("Europe", "Sales EU", "eu-sales");
    }

    @Test
    void pagesThroughNamesContainingTheText() {
        ConnectionStore store = store();
        for (String name : List.of("a-eu", "b-us", "c-eu", "d-eu")) {
            store.insert(connection("org", name));
        }
        ConnectionFilter filter = ConnectionFilter.organization("org").nameContains("eu");
        assertThat(store.list(filter, 2, Optional.of("a-eu")))
                .extracting(ListedConnection::name)
                .containsExactly("c-eu", "d-eu");
    }

    @Test
    void treatsLikeWildcardsInNameContainsLiterally() {
        ConnectionStore store = store();
        for (String name : List.of("100% eu", "100 eu", "a_b", "axb", "a!b")) {
            store.insert(connection("org", name));
        }
        ConnectionFilter filter = ConnectionFilter.organization("org");
        assertThat(store.list(filter.nameContains("0%"), 10, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("100% eu");
        assertThat(store.list(filter.nameContains("_"), 10, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("a_b");
        assertThat(store.list(filter.nameContains("!"), 10, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("a!b");
    }

    @Test
    void updatesAtTheExpectedVersionReplacingSecrets() {
        ConnectionStore store = store();
        StoredConnection original = connection("org", "before");
        store.insert(original);
        StoredConnection changed = new StoredConnection(
                original.id(),
                "org",
                "alice",
                "after",
                "postgres",
                "password",
                Map.of("host", "other.example.com"),
                Map.of("token", new EncryptedSecret("k2", "v1.k2.t")),
                Map.of(),
                CREATED,
                CREATED.plus(1, ChronoUnit.HOURS),
                2);
        store.update(changed, 1);
        assertThat(store.find(original.id())).contains(changed);
    }

    @Test
    void refusesAStaleUpdateAndChangesNothing() {
        ConnectionStore store = store();
        StoredConnection original = connection("org", "stale");
        store.insert(original);
        store.update(original.nextVersion(CREATED), 1);
        StoredConnection late = new StoredConnection(
                original.id(),
                "org",
                "mallory",
                "late",
                "postgres",
                "password",
                Map.of(),
                Map.of(),
                Map.of(),
                CREATED,
                CREATED,
                2);
        ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> store.update(late, 1));
        assertThat(failure.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(failure).hasMessageContaining("at version 2");
        assertThat(store.find(original.id())).hasValueSatisfying(stored -> {
            assertThat(stored.name()).isEqualTo("stale");
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.encryptedSecrets()).containsKey("password");
        });
    }

    @Test
    void refusesAnUpdateToATakenNameAndChangesNothing() {
        ConnectionStore store = store();
        StoredConnection first = connection("org", "first");
        StoredConnection second = connection("org", "second");
        store.insert(first);
        store.insert(second);
        StoredConnection renamed = new StoredConnection(
                second.id(),
                "org",
                "alice",
                "first",
                "postgres",
                "password",
                Map.of(),
                Map.of(),
                Map.of(),
                CREATED,
                CREATED,
                2);
        assertThatThrownBy(() -> store.update(renamed, 1))
                .isInstanceOf(ConnectionException.class)
                .extracting(failure -> ((ConnectionException) failure).category())
                .isEqualTo(ErrorCategory.CONFLICT);
        assertThat(store.find(second.id())).contains(second);
    }

    @Test
    void reportsAnUpdateOfAMissingConnectionAsNotFound() {
        StoredConnection ghost = connection("org", "ghost").nextVersion(CREATED);
        assertThatThrownBy(() -> store().update(ghost, 1))
                .extracting(failure -> ((ConnectionException) failure).category())
                .isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void deletesAtTheExpectedVersionWithItsSecrets() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org", "doomed");
        store.insert(connection);
        assertThatThrownBy(() -> store.delete(connection.id(), 7))
                .extracting(failure -> ((ConnectionException) failure).category())
                .isEqualTo(ErrorCategory.CONFLICT);
        store.delete(connection.id(), 1);
        assertThat(store.find(connection.id())).isEmpty();
        assertThat(store.countSecretsNotUnderKey("none")).isZero();
    }

    @Test
    void findsSecretsLeftUnderOldKeysAndReplacesThemOnlyIfUnchanged() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org", "rotating");
        store.insert(connection);
        assertThat(store.countSecretsNotUnderKey("k2")).isEqualTo(1);
        StoredSecret old = store.secretsNotUnderKey("k2", 10).get(0);
        assertThat(old).isEqualTo(new StoredSecret(connection.id(), "password", "v1.k1.ciphertext-rotating", "k1"));
        assertThat(store.replaceCiphertext(old, "v1.k2.new", "k2")).isTrue();
        assertThat(store.replaceCiphertext(old, "v1.k2.newer", "k2"))
                .as("compare-and-set on the old ciphertext")
                .isFalse();
        assertThat(store.countSecretsNotUnderKey("k2")).isZero();
        assertThat(store.find(connection.id()).orElseThrow().encryptedSecrets().get("password"))
                .isEqualTo(new EncryptedSecret("k2", "v1.k2.new"));
    }

    @Test
    void replacingACiphertextKeepsTheVersionAndTheTimestamps() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org-" + UUID.randomUUID(), "rotated-token");
        store.insert(connection);

        assertThat(store.replaceCiphertext(ownerSecret(connection, "password"), "v1.k1.rotated", "k1"))
                .isTrue();

        StoredConnection after = store.find(connection.id()).orElseThrow();
        assertThat(after.encryptedSecrets()).containsEntry("password", new EncryptedSecret("k1", "v1.k1.rotated"));
        assertThat(after.version()).isEqualTo(connection.version());
        assertThat(after.updatedAt()).isEqualTo(connection.updatedAt());
    }

    @Test
    void replacingACiphertextLosesToAnUpdateThatReplacedTheSecretMeanwhile() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org-" + UUID.randomUUID(), "edited");
        store.insert(connection);
        StoredSecret read = ownerSecret(connection, "password");
        store.update(withPassword(connection.nextVersion(CREATED), "v1.k1.edited"), 1);

        assertThat(store.replaceCiphertext(read, "v1.k1.rotated", "k1")).isFalse();

        StoredConnection after = store.find(connection.id()).orElseThrow();
        assertThat(after.encryptedSecrets()).containsEntry("password", new EncryptedSecret("k1", "v1.k1.edited"));
        assertThat(after.version()).isEqualTo(2);
    }

    @Test
    void replacingAViewersCiphertextLosesToCredentialsTheyProvidedAgain() {
        ConnectionStore store = store();
        StoredConnection connection =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(connection);
        store.putViewerCredentials(
                connection.id(), "bob", Map.of("refreshToken", new EncryptedSecret("k1", "c-first")));
        StoredSecret read = new StoredSecret(connection.id(), "refreshToken", "c-first", "k1", Optional.of("bob"));
        store.putViewerCredentials(
                connection.id(), "bob", Map.of("refreshToken", new EncryptedSecret("k1", "c-again")));

        assertThat(store.replaceCiphertext(read, "c-rotated", "k1")).isFalse();

        assertThat(store.viewerCredentials(connection.id(), "bob"))
                .isEqualTo(Map.of("refreshToken", new EncryptedSecret("k1", "c-again")));
    }

    @Test
    void replacingAViewersCiphertextAfterTheyRevokedTheirCredentialsRestoresNothing() {
        ConnectionStore store = store();
        StoredConnection connection =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(connection);
        store.putViewerCredentials(connection.id(), "bob", Map.of("refreshToken", new EncryptedSecret("k1", "c-bob")));
        store.deleteViewerCredentials(connection.id(), Optional.of("bob"));

        assertThat(store.replaceCiphertext(
                        new StoredSecret(connection.id(), "refreshToken", "c-bob", "k1", Optional.of("bob")),
                        "c-rotated",
                        "k1"))
                .isFalse();

        assertThat(store.viewerCredentials(connection.id(), "bob")).isEmpty();
    }

    @Test
    void replacingOneViewersCiphertextLeavesTheOtherViewersAlone() {
        ConnectionStore store = store();
        StoredConnection connection =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(connection);
        store.putViewerCredentials(connection.id(), "bob", Map.of("refreshToken", new EncryptedSecret("k1", "c-same")));
        store.putViewerCredentials(
                connection.id(), "carol", Map.of("refreshToken", new EncryptedSecret("k1", "c-same")));

        assertThat(store.replaceCiphertext(
                        new StoredSecret(connection.id(), "refreshToken", "c-same", "k1", Optional.of("bob")),
                        "c-rotated",
                        "k1"))
                .isTrue();

        assertThat(store.viewerCredentials(connection.id(), "carol"))
                .isEqualTo(Map.of("refreshToken", new EncryptedSecret("k1", "c-same")));
    }

    @Test
    void findsAConnectionForAViewerWithTheirOwnCredentialsInOneRead() {
        ConnectionStore store = store();
        StoredConnection connection =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(connection);
        store.putViewerCredentials(connection.id(), "bob", Map.of("refreshToken", new EncryptedSecret("k1", "c-bob")));
        store.putViewerCredentials(
                connection.id(), "carol", Map.of("refreshToken", new EncryptedSecret("k1", "c-carol")));

        ConnectionForUser bob = store.findForUser(connection.id(), "bob").orElseThrow();

        assertThat(bob.connection()).isEqualTo(connection);
        assertThat(bob.viewerCredentials()).isEqualTo(Map.of("refreshToken", new EncryptedSecret("k1", "c-bob")));
    }

    @Test
    void findsNoViewerCredentialsForTheOwnerOrAViewerWhoStoredNone() {
        ConnectionStore store = store();
        StoredConnection connection =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(connection);
        store.putViewerCredentials(connection.id(), "bob", Map.of("refreshToken", new EncryptedSecret("k1", "c-bob")));

        assertThat(store.findForUser(connection.id(), "alice").orElseThrow().viewerCredentials())
                .isEmpty();
        assertThat(store.findForUser(connection.id(), "carol").orElseThrow().viewerCredentials())
                .isEmpty();
        assertThat(store.findForUser("no-such-id", "bob")).isEmpty();
    }

    @Test
    void aReadForAUserSeesTheNextVersionsSettingsSecretsAndSharingAtOnce() {
        ConnectionStore store = store();
        StoredConnection original = connection("org-" + UUID.randomUUID(), "edited");
        store.insert(original);
        assertThat(store.findForUser(original.id(), "alice").orElseThrow().connection())
                .isEqualTo(original);
        StoredConnection edited = new StoredConnection(
                original.id(),
                original.organizationId(),
                original.ownerId(),
                original.name(),
                original.providerId(),
                original.authMethod(),
                Map.of("host", "other.example.com", "port", 5433, "verify", false),
                Map.of("password", new EncryptedSecret("k1", "v1.k1.rotated")),
                Map.of("queryTimeout", "5s"),
                original.createdAt(),
                CREATED.plusSeconds(1),
                2,
                Sharing.groups("analysts"));

        store.update(edited, 1);

        assertThat(store.findForUser(original.id(), "alice").orElseThrow().connection())
                .isEqualTo(edited);
        store.updateRow(edited.withSharing(Sharing.PRIVATE, CREATED.plusSeconds(2)), 2);
        assertThat(store.findForUser(original.id(), "alice")
                        .orElseThrow()
                        .connection()
                        .sharing())
                .isEqualTo(Sharing.PRIVATE);
    }

    @Test
    void aReadForAUserSeesASecretReEncryptedWithoutANewVersion() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org-" + UUID.randomUUID(), "re-encrypted");
        store.insert(connection);
        assertThat(store.findForUser(connection.id(), "alice")
                        .orElseThrow()
                        .connection()
                        .encryptedSecrets())
                .isEqualTo(connection.encryptedSecrets());

        assertThat(store.replaceCiphertext(ownerSecret(connection, "password"), "v1.k2.re-encrypted", "k2"))
                .isTrue();

        StoredConnection read =
                store.findForUser(connection.id(), "alice").orElseThrow().connection();
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.encryptedSecrets())
                .isEqualTo(Map.of("password", new EncryptedSecret("k2", "v1.k2.re-encrypted")));
    }

    @Test
    void aReadForAUserSeesAConnectionDeletedAndInsertedAgainUnderItsIdWithOtherSettings() {
        ConnectionStore store = store();
        StoredConnection first = connection("org-" + UUID.randomUUID(), "again");
        store.insert(first);
        assertThat(store.findForUser(first.id(), "alice")).isPresent();
        store.delete(first.id(), 1);
        assertThat(store.findForUser(first.id(), "alice")).isEmpty();
        StoredConnection second = new StoredConnection(
                first.id(),
                first.organizationId(),
                first.ownerId(),
                first.name(),
                first.providerId(),
                first.authMethod(),
                Map.of("host", "elsewhere.example.com"),
                first.encryptedSecrets(),
                first.advanced(),
                first.createdAt(),
                first.updatedAt(),
                1);

        store.insert(second);

        assertThat(store.findForUser(first.id(), "alice").orElseThrow().connection())
                .isEqualTo(second);
    }

    private static StoredSecret ownerSecret(StoredConnection connection, String key) {
        EncryptedSecret secret = connection.encryptedSecrets().get(key);
        return new StoredSecret(connection.id(), key, secret.ciphertext(), secret.keyId());
    }

    private static StoredConnection withPassword(StoredConnection connection, String ciphertext) {
        return new StoredConnection(
                connection.id(),
                connection.organizationId(),
                connection.ownerId(),
                connection.name(),
                connection.providerId(),
                connection.authMethod(),
                connection.properties(),
                Map.of("password", new EncryptedSecret("k1", ciphertext)),
                connection.advanced(),
                connection.createdAt(),
                connection.updatedAt(),
                connection.version(),
                connection.sharing());
    }

    @Test
    void keepsSharingAndItsGroupsAcrossUpdates() {
        ConnectionStore store = store();
        StoredConnection original = connection("org-" + UUID.randomUUID(), "shared");
        store.insert(original);
        store.update(original.withSharing(Sharing.groups("analysts", "gis"), CREATED), 1);
        assertThat(store.find(original.id()).orElseThrow().sharing()).isEqualTo(Sharing.groups("gis", "analysts"));

        store.update(store.find(original.id()).orElseThrow().withSharing(Sharing.organization(), CREATED), 2);

        assertThat(store.find(original.id()).orElseThrow().sharing()).isEqualTo(Sharing.organization());
    }

    @Test
    void listsForAnAudienceOnlyWhatItOwnsOrIsSharedWithItInTheQuery() {
        ConnectionStore store = store();
        String organization = "org-" + UUID.randomUUID();
        StoredConnection own = connection(organization, "a-own");
        StoredConnection other = owned(connection(organization, "b-bobs-private"), "bob", Sharing.PRIVATE);
        StoredConnection organizationWide = owned(connection(organization, "c-org"), "bob", Sharing.organization());
        StoredConnection inGroup = owned(connection(organization, "d-group"), "bob", Sharing.groups("gis"));
        StoredConnection otherGroup =
                owned(connection(organization, "e-other-group"), "bob", Sharing.groups("finance"));
        StoredConnection viewers = owned(connection(organization, "f-viewers"), "bob", Sharing.viewerCredentials());
        for (StoredConnection connection : List.of(own, other, organizationWide, inGroup, otherGroup, viewers)) {
            store.insert(connection);
        }
        ConnectionFilter alice = ConnectionFilter.organization(organization).visibleTo("alice", Set.of("gis", "maps"));

        assertThat(store.list(alice, 100, Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("a-own", "c-org", "d-group", "f-viewers");
        assertThat(store.list(
                        ConnectionFilter.organization(organization).visibleTo("carol", Set.of()),
                        100,
                        Optional.empty()))
                .extracting(ListedConnection::name)
                .containsExactly("c-org", "f-viewers");
        assertThat(store.list(alice, 2, Optional.of("c-org")))
                .extracting(ListedConnection::name)
                .containsExactly("d-group", "f-viewers");
    }

    @Test
    void keepsViewerCredentialsPerUserAndReplacesThemWhole() {
        ConnectionStore store = store();
        StoredConnection connection =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(connection);
        store.putViewerCredentials(
                connection.id(),
                "bob",
                Map.of("user", new EncryptedSecret("k1", "c-user"), "password", new EncryptedSecret("k1", "c-pw")));
        store.putViewerCredentials(connection.id(), "carol", Map.of("password", new EncryptedSecret("k1", "c-carol")));
        store.putViewerCredentials(connection.id(), "bob", Map.of("password", new EncryptedSecret("k2", "c-pw2")));

        assertThat(store.viewerCredentials(connection.id(), "bob"))
                .isEqualTo(Map.of("password", new EncryptedSecret("k2", "c-pw2")));
        assertThat(store.viewersWithCredentials(connection.id())).containsExactly("bob", "carol");
        assertThat(store.deleteViewerCredentials(connection.id(), Optional.of("bob")))
                .isTrue();
        assertThat(store.deleteViewerCredentials(connection.id(), Optional.of("bob")))
                .isFalse();
        assertThat(store.viewerCredentials(connection.id(), "bob")).isEmpty();
        assertThat(store.viewerCredentials(connection.id(), "carol")).isNotEmpty();
    }

    @Test
    void refusesViewerCredentialsForAMissingConnectionAsNotFound() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> store().putViewerCredentials(
                                "missing-" + UUID.randomUUID(),
                                "bob",
                                Map.of("password", new EncryptedSecret("k1", "c"))));

        assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void refusesViewerCredentialsForAConnectionNotSharedWithThemOrFromItsOwner() {
        ConnectionStore store = store();
        StoredConnection shared =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        StoredConnection organizationWide =
                owned(connection(shared.organizationId(), "org-wide"), "alice", Sharing.organization());
        store.insert(shared);
        store.insert(organizationWide);
        Map<String, EncryptedSecret> secrets = Map.of("password", new EncryptedSecret("k1", "c"));

        for (Runnable refused : List.<Runnable>of(
                () -> store.putViewerCredentials(organizationWide.id(), "bob", secrets),
                () -> store.putViewerCredentials(shared.id(), "alice", secrets))) {
            assertThat(catchThrowableOfType(ConnectionException.class, refused::run)
                            .category())
                    .isEqualTo(ErrorCategory.CONFLICT);
        }
    }

    @Test
    void leavingViewerCredentialSharingRemovesEveryViewersCredentialsInTheSameUpdate() {
        ConnectionStore store = store();
        StoredConnection shared =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(shared);
        store.putViewerCredentials(shared.id(), "bob", Map.of("password", new EncryptedSecret("k1", "c")));

        store.updateRow(shared.withSharing(Sharing.organization(), CREATED), 1);

        assertThat(store.viewersWithCredentials(shared.id())).isEmpty();
    }

    @Test
    void aNewOwnerKeepsNoViewerCredentialsOfTheirOwn() {
        ConnectionStore store = store();
        StoredConnection shared =
                owned(connection("org-" + UUID.randomUUID(), "viewers"), "alice", Sharing.viewerCredentials());
        store.insert(shared);
        store.putViewerCredentials(shared.id(), "bob", Map.of("password", new EncryptedSecret("k1", "c-bob")));
        store.putViewerCredentials(shared.id(), "carol", Map.of("password", new EncryptedSecret("k1", "c-carol")));

        store.updateRow(shared.withOwner("bob", CREATED), 1);

        assertThat(store.viewersWithCredentials(shared.id())).containsExactly("carol");
    }

    @Test
    void aRowOnlyUpdateKeepsTheCiphertextsARotationWrote() {
        ConnectionStore store = store();
        StoredConnection original = connection("org-" + UUID.randomUUID(), "rotated");
        store.insert(original);
        StoredSecret secret = store.secretsNotUnderKey("k2", 10_000).stream()
                .filter(candidate -> candidate.connectionId().equals(original.id()))
                .findFirst()
                .orElseThrow();
        store.replaceCiphertext(secret, "v1.k2.rotated", "k2");

        store.updateRow(original.withSharing(Sharing.organization(), CREATED), 1);

        assertThat(store.find(original.id()).orElseThrow().encryptedSecrets())
                .containsEntry("password", new EncryptedSecret("k2", "v1.k2.rotated"));
    }

    @Test
    void reassigningADependentRecordedOnBothConnectionsKeepsOneOnTheTarget() {
        ConnectionStore store = store();
        StoredConnection[] pair = oldAndReplacementWithADependent(store);
        store.addDependent(pair[1].id(), new Dependent("map", "m1", "bob"));

        store.delete(pair[0].id(), 1, Optional.of(pair[1].id()), false);

        assertThat(store.dependents(pair[1].id())).containsExactly(new Dependent("map", "m1", "bob"));
    }

    @Test
    void rotationFindsViewerCredentialsUnderOldKeysToo() {
        ConnectionStore store = store();
        StoredConnection connection =
                owned(connection("org-" + UUID.randomUUID(), "rotating"), "alice", Sharing.viewerCredentials());
        store.insert(connection);
        store.putViewerCredentials(connection.id(), "bob", Map.of("password", new EncryptedSecret("old", "c-old")));
        long before = store.countSecretsNotUnderKey("new");

        StoredSecret viewers = store.secretsNotUnderKey("new", 10_000).stream()
                .filter(secret ->
                        secret.viewerId().isPresent() && secret.connectionId().equals(connection.id()))
                .findFirst()
                .orElseThrow();
        assertThat(viewers.viewerId()).contains("bob");
        assertThat(store.replaceCiphertext(viewers, "c-new", "new")).isTrue();

        assertThat(store.countSecretsNotUnderKey("new")).isEqualTo(before - 1);
        assertThat(store.viewerCredentials(connection.id(), "bob"))
                .isEqualTo(Map.of("password", new EncryptedSecret("new", "c-new")));
    }

    @Test
    void refusesToDeleteAConnectionWithDependentsListingThem() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org-" + UUID.randomUUID(), "used");
        store.insert(connection);
        store.addDependent(connection.id(), new Dependent("map", "m1", "bob"));
        store.addDependent(connection.id(), new Dependent("map", "m1", "bob"));

        InUseException failure = catchThrowableOfType(InUseException.class, () -> store.delete(connection.id(), 1));

        assertThat(failure.category()).isEqualTo(ErrorCategory.IN_USE);
        assertThat(failure.dependents()).containsExactly(new Dependent("map", "m1", "bob"));
        assertThat(failure).hasMessageContaining("map m1 of bob");
        assertThat(store.find(connection.id())).isPresent();
    }

    @Test
    void reassignsDependentsInTheSameTransactionAsTheDelete() {
        ConnectionStore store = store();
        StoredConnection[] pair = oldAndReplacementWithADependent(store);
        StoredConnection old = pair[0];
        StoredConnection replacement = pair[1];
        store.addDependent(old.id(), new Dependent("workflow", "w1", "alice"));

        List<Dependent> moved = store.delete(old.id(), 1, Optional.of(replacement.id()), false);

        assertThat(moved).hasSize(2);
        assertThat(store.find(old.id())).isEmpty();
        assertThat(store.dependents(replacement.id())).containsExactlyInAnyOrderElementsOf(moved);
    }

    @Test
    void aStaleDeleteLeavesTheDependentsWhereTheyWere() {
        ConnectionStore store = store();
        StoredConnection[] pair = oldAndReplacementWithADependent(store);
        StoredConnection old = pair[0];
        StoredConnection replacement = pair[1];

        assertThatThrownBy(() -> store.delete(old.id(), 7, Optional.of(replacement.id()), false))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.CONFLICT));

        assertThat(store.dependents(old.id())).containsExactly(new Dependent("map", "m1", "bob"));
        assertThat(store.dependents(replacement.id())).isEmpty();
    }

    @Test
    void cascadingRemovesTheDependentsWithTheConnection() {
        ConnectionStore store = store();
        StoredConnection connection = connection("org-" + UUID.randomUUID(), "cascading");
        store.insert(connection);
        store.addDependent(connection.id(), new Dependent("token", "t1", "bob"));

        assertThat(store.delete(connection.id(), 1, Optional.empty(), true))
                .containsExactly(new Dependent("token", "t1", "bob"));

        assertThat(store.find(connection.id())).isEmpty();
        assertThat(store.dependents(connection.id())).isEmpty();
    }

    @Test
    void refusesADependentOfAMissingConnectionAsNotFound() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> store().addDependent("missing-" + UUID.randomUUID(), new Dependent("map", "m1", "bob")));

        assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    /** Two connections of one organization, the first with a map of bob's depending on it. */
    private static StoredConnection[] oldAndReplacementWithADependent(ConnectionStore store) {
        String organization = "org-" + UUID.randomUUID();
        StoredConnection old = connection(organization, "old");
        StoredConnection replacement = connection(organization, "replacement");
        store.insert(old);
        store.insert(replacement);
        store.addDependent(old.id(), new Dependent("map", "m1", "bob"));
        return new StoredConnection[] {old, replacement};
    }

    private static StoredConnection owned(StoredConnection connection, String owner, Sharing sharing) {
        return new StoredConnection(
                connection.id(),
                connection.organizationId(),
                owner,
                connection.name(),
                connection.providerId(),
                connection.authMethod(),
                connection.properties(),
                connection.encryptedSecrets(),
                connection.advanced(),
                connection.createdAt(),
                connection.updatedAt(),
                connection.version(),
                sharing);
    }

    @Test
    void losesNoUpdateUnderConcurrentReadModifyWrite() throws Exception {
        ConnectionStore store = store();
        StoredConnection connection = connection("org", "contended");
        store.insert(connection);
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<Future<?>> workers = new ArrayList<>();
        for (int thread = 0; thread < 16; thread++) {
            ConnectionStore writer = thread % 2 == 0 ? store : secondInstance();
            workers.add(threads.submit(() -> {
                for (int attempt = 0; attempt < attemptsPerThread(); attempt++) {
                    StoredConnection read = writer.find(connection.id()).orElseThrow();
                    try {
                        writer.update(read.nextVersion(CREATED), read.version());
                        successes.incrementAndGet();
                    } catch (ConnectionException e) {
                        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();
        assertThat(successes.get() + conflicts.get()).isEqualTo(16 * attemptsPerThread());
        assertThat(store.find(connection.id()).orElseThrow().version()).isEqualTo(1L + successes.get());
    }

    int attemptsPerThread() {
        return 500;
    }
}
