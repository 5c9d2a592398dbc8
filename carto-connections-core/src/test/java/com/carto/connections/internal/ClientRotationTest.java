package com.carto.connections.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Sharing;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.StoredConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotated credentials through the {@link CredentialResolver}, on the embedded store and a token server that rotates
 * refresh tokens and revokes a family when a rotated-out token comes back. A second resolver on the same store stands
 * for another application instance.
 */
class ClientRotationTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path directory;

    private final RotatingTokens tokens = new RotatingTokens();
    private final KeyRing keys = KeyRing.generate("k1");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private ConnectionStore store;
    private CredentialResolver resolver;

    @BeforeEach
    void open() {
        store = ConnectionStore.embedded(directory);
        resolver = anotherInstance();
    }

    @AfterEach
    void close() {
        store.close();
        scheduler.shutdownNow();
    }

    private CredentialResolver anotherInstance() {
        return new CredentialResolver(
                keys, store, id -> tokens.provider(), new ProviderContext(scheduler, Clock.systemUTC()));
    }

    /** An owner's connection created through a candidate, as the facade creates one. */
    private StoredConnection created(String refreshToken, Sharing sharing) {
        String id = UUID.randomUUID().toString();
        CredentialResolver.Candidate draft = resolver.draft(
                id, tokens.provider(), "oauth", Map.of("host", "warehouse", "refreshToken", refreshToken), Map.of());
        return draft.save(secrets -> {
            StoredConnection connection = new StoredConnection(
                    id,
                    "org",
                    "alice",
                    "rotating-" + id.substring(0, 8),
                    "rotating",
                    "oauth",
                    Map.of("host", "warehouse"),
                    secrets,
                    Map.of(),
                    NOW,
                    NOW,
                    1,
                    sharing);
            store.insert(connection);
            return connection;
        });
    }

    private RotatingTokens.Client ownersClient(CredentialResolver from, String id) {
        return (RotatingTokens.Client)
                from.resolve(store.findForUser(id, "alice").orElseThrow(), AccessReason.OWNER)
                        .open();
    }

    private Secret storedOwnersToken(String id) {
        return resolver.resolve(store.findForUser(id, "alice").orElseThrow(), AccessReason.OWNER)
                .settings()
                .get(RotatingTokens.REFRESH_TOKEN);
    }

    @Test
    void aRotatedRefreshTokenIsStoredForTheConnection() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        RotatingTokens.Client client = ownersClient(resolver, connection.id());

        client.refresh();

        assertThat(storedOwnersToken(connection.id())).isEqualTo(client.held());
        assertThat(tokens.isActive(client.held().reveal())).isTrue();
    }

    @Test
    void savingARotationLeavesTheConnectionsVersionAlone() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);

        ownersClient(resolver, connection.id()).refresh();

        assertThat(store.find(connection.id()).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aSecondClientOfTheSameConnectionRefreshesWithTheReplacementNotTheRotatedOutToken() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        RotatingTokens.Client retiring = ownersClient(resolver, connection.id());
        RotatingTokens.Client replacement = ownersClient(resolver, connection.id());

        retiring.refresh();
        replacement.refresh();

        assertThat(tokens.refused()).isEmpty();
        assertThat(storedOwnersToken(connection.id())).isEqualTo(replacement.held());
    }

    @Test
    void aClientOfAnotherInstanceRefreshesWithTheRotationThatInstanceStored() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        RotatingTokens.Client here = ownersClient(resolver, connection.id());
        RotatingTokens.Client elsewhere = ownersClient(anotherInstance(), connection.id());

        here.refresh();
        elsewhere.refresh();

        assertThat(tokens.refused()).isEmpty();
        assertThat(storedOwnersToken(connection.id())).isEqualTo(elsewhere.held());
    }

    @Test
    void refreshesOfOneConnectionAndIdentityNeverOverlap() throws Exception {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        List<RotatingTokens.Client> clients = List.of(
                ownersClient(resolver, connection.id()),
                ownersClient(resolver, connection.id()),
                ownersClient(resolver, connection.id()));
        tokens.refreshTakes(30);

        ExecutorService threads = Executors.newFixedThreadPool(clients.size());
        try {
            List<Future<Void>> refreshes = new ArrayList<>();
            for (RotatingTokens.Client client : clients) {
                refreshes.add(threads.submit((Callable<Void>) () -> {
                    client.refresh();
                    return null;
                }));
            }
            for (Future<Void> refresh : refreshes) {
                refresh.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(tokens.mostRefreshesAtOnce()).isEqualTo(1);
        assertThat(tokens.refused()).isEmpty();
        assertThat(tokens.refreshes()).isEqualTo(3);
    }

    @Test
    void anUpdateThatReplacedTheTokenBetweenRefreshAndSaveWins() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        RotatingTokens.Client client = ownersClient(resolver, connection.id());
        String edited = tokens.issue();
        CredentialResolver elsewhere = anotherInstance();
        tokens.duringRefresh(issued -> {
            tokens.duringRefresh(next -> {});
            StoredConnection current = store.find(connection.id()).orElseThrow();
            elsewhere
                    .changed(current, Map.of("refreshToken", edited), Set.of(), Map.of())
                    .save(secrets -> {
                        store.update(
                                new StoredConnection(
                                        current.id(),
                                        current.organizationId(),
                                        current.ownerId(),
                                        current.name(),
                                        current.providerId(),
                                        current.authMethod(),
                                        current.properties(),
                                        secrets,
                                        current.advanced(),
                                        current.createdAt(),
                                        NOW,
                                        2,
                                        current.sharing()),
                                1);
                        return null;
                    });
        });

        client.refresh();

        assertThat(storedOwnersToken(connection.id()).reveal()).isEqualTo(edited);
        assertThat(store.find(connection.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void aViewersRotationIsStoredInTheirCredentialsAndNowhereElse() throws IOException {
        String ownersToken = tokens.issue();
        StoredConnection connection = created(ownersToken, Sharing.viewerCredentials());
        CredentialResolver.Candidate bob = resolver.viewer(connection, "bob", Map.of("refreshToken", tokens.issue()));
        bob.save(secrets -> {
            store.putViewerCredentials(connection.id(), "bob", secrets);
            return null;
        });
        RotatingTokens.Client client = (RotatingTokens.Client) resolver.resolve(
                        store.findForUser(connection.id(), "bob").orElseThrow(), AccessReason.VIEWER_CREDENTIALS)
                .open();

        client.refresh();

        assertThat(resolver.resolve(
                                store.findForUser(connection.id(), "bob").orElseThrow(),
                                AccessReason.VIEWER_CREDENTIALS)
                        .settings()
                        .get(RotatingTokens.REFRESH_TOKEN))
                .isEqualTo(client.held());
        assertThat(storedOwnersToken(connection.id()).reveal()).isEqualTo(ownersToken);
    }

    @Test
    void credentialsAViewerRevokedBetweenRefreshAndSaveStayRevoked() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.viewerCredentials());
        resolver.viewer(connection, "bob", Map.of("refreshToken", tokens.issue()))
                .save(secrets -> {
                    store.putViewerCredentials(connection.id(), "bob", secrets);
                    return null;
                });
        RotatingTokens.Client client = (RotatingTokens.Client) resolver.resolve(
                        store.findForUser(connection.id(), "bob").orElseThrow(), AccessReason.VIEWER_CREDENTIALS)
                .open();
        tokens.duringRefresh(issued -> store.deleteViewerCredentials(connection.id(), Optional.of("bob")));

        client.refresh();

        assertThat(store.viewerCredentials(connection.id(), "bob")).isEmpty();
    }

    @Test
    void whatALiveCheckRotatedIsWhatTheCandidateStores() throws IOException {
        String id = UUID.randomUUID().toString();
        CredentialResolver.Candidate draft = resolver.draft(
                id, tokens.provider(), "oauth", Map.of("host", "warehouse", "refreshToken", tokens.issue()), Map.of());
        RotatingTokens.Client checking = (RotatingTokens.Client) draft.open();
        checking.refresh();

        draft.save(secrets -> {
            store.insert(new StoredConnection(
                    id,
                    "org",
                    "alice",
                    "checked",
                    "rotating",
                    "oauth",
                    Map.of("host", "warehouse"),
                    secrets,
                    Map.of(),
                    NOW,
                    NOW,
                    1));
            return null;
        });

        assertThat(storedOwnersToken(id)).isEqualTo(checking.held());
    }

    @Test
    void anUpdatesCheckRefreshesWithTheRotationAPoolMadeAfterTheUpdateReadTheConnection() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        RotatingTokens.Client pool = ownersClient(resolver, connection.id());
        CredentialResolver.Candidate update =
                resolver.changed(connection, Map.of(), Set.of(), Map.of("queryTimeout", "1m"));

        pool.refresh();
        RotatingTokens.Client checking = (RotatingTokens.Client) update.open();
        checking.refresh();

        assertThat(tokens.refused()).isEmpty();
        assertThat(storedOwnersToken(connection.id())).isEqualTo(checking.held());
    }

    @Test
    void anUpdateStoresTheRotationAPoolMadeAfterTheUpdatesOwnCheck() throws IOException {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        RotatingTokens.Client pool = ownersClient(resolver, connection.id());
        CredentialResolver.Candidate update =
                resolver.changed(connection, Map.of(), Set.of(), Map.of("queryTimeout", "1m"));
        RotatingTokens.Client checking = (RotatingTokens.Client) update.open();

        checking.refresh();
        pool.refresh();
        update.save(secrets -> {
            store.update(
                    new StoredConnection(
                            connection.id(),
                            connection.organizationId(),
                            connection.ownerId(),
                            connection.name(),
                            connection.providerId(),
                            connection.authMethod(),
                            connection.properties(),
                            secrets,
                            Map.of("queryTimeout", "1m"),
                            connection.createdAt(),
                            NOW,
                            2,
                            connection.sharing()),
                    1);
            return null;
        });

        assertThat(tokens.refused()).isEmpty();
        assertThat(storedOwnersToken(connection.id())).isEqualTo(pool.held());
        assertThat(tokens.isActive(pool.held().reveal())).isTrue();
    }

    @Test
    void aRefreshThatFailsSavesNothingAndRethrowsTheFailure() {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        Secret before = storedOwnersToken(connection.id());
        RotatingTokens.Client client = ownersClient(resolver, connection.id());
        tokens.duringRefresh(issued -> {
            throw new IllegalStateException("the endpoint failed after issuing");
        });

        assertThatThrownBy(client::refresh).isInstanceOf(IllegalStateException.class);

        assertThat(storedOwnersToken(connection.id())).isEqualTo(before);
    }

    @Test
    void slotsAreForgottenOnceNoClientHoldsThem() throws Exception {
        StoredConnection connection = created(tokens.issue(), Sharing.PRIVATE);
        ownersClient(resolver, connection.id()).refresh();

        for (int attempt = 0; attempt < 50 && resolver.rotationSlots() > 0; attempt++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(resolver.rotationSlots()).isZero();
    }
}
