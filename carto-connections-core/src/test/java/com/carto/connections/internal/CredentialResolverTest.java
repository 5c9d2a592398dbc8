package com.carto.connections.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Sharing;
import com.carto.connections.access.ViewerCredentialsRequiredException;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.store.ConnectionForUser;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.StoredConnection;
import com.carto.connections.store.StoredSecret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the resolver turns a stored connection and an access reason into an identity and settings, on ciphertexts made
 * the way every earlier version of the SDK made them: with the cipher and the literal binding strings.
 */
class CredentialResolverTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final KeyRing keys = KeyRing.generate("k1");
    private final SecretCipher cipher = new SecretCipher(keys);
    private final RotatingTokens tokens = new RotatingTokens();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private ConnectionStore store;
    private CredentialResolver resolver;

    @BeforeEach
    void start(@TempDir Path directory) {
        store = ConnectionStore.embedded(directory);
        resolver = new CredentialResolver(
                keys, store, id -> tokens.provider(), new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        store.close();
        scheduler.shutdownNow();
    }

    private StoredConnection stored(long version, Map<String, Object> advanced) {
        return new StoredConnection(
                "c1",
                "org",
                "alice",
                "shared",
                "rotating",
                "oauth",
                Map.of("host", "warehouse"),
                Map.of("refreshToken", envelope("c1", "refreshToken", "owners-token")),
                advanced,
                NOW,
                NOW,
                version,
                Sharing.viewerCredentials());
    }

    private EncryptedSecret envelope(String connectionId, String boundTo, String value) {
        String ciphertext = cipher.encrypt(connectionId, boundTo, Secret.of(value));
        return new EncryptedSecret("k1", ciphertext);
    }

    @Test
    void identitiesKeepTheSpellingsStoredCiphertextsAreBoundTo() {
        assertThat(Identity.OWNER.name()).isEqualTo("owner");
        assertThat(Identity.OWNER.secretName("password")).isEqualTo("password");
        assertThat(Identity.viewer("bob").name()).isEqualTo("viewer:bob");
        assertThat(Identity.viewer("bob").secretName("password")).isEqualTo("viewer:bob:password");
    }

    @Test
    void theOwnerUsesTheStoredSecretsAsTheOwner() {
        ConnectionForUser read = new ConnectionForUser(stored(1, Map.of()), "alice", Map.of());

        CredentialResolver.Resolved resolved = resolver.resolve(read, AccessReason.OWNER);
        ConnectionSettings settings = resolved.settings();

        assertThat(resolved.key()).isEqualTo(new ClientKey("c1", 1, Identity.OWNER));
        assertThat(settings.identity()).isEqualTo("owner");
        assertThat(settings.get(RotatingTokens.REFRESH_TOKEN).reveal()).isEqualTo("owners-token");
    }

    @Test
    void aViewerUsesTheOwnersSettingsWithTheirCredentialsBoundAsEarlierVersionsBoundThem() {
        ConnectionForUser read = new ConnectionForUser(
                stored(1, Map.of()),
                "bob",
                Map.of("refreshToken", envelope("c1", "viewer:bob:refreshToken", "bobs-token")));

        CredentialResolver.Resolved resolved = resolver.resolve(read, AccessReason.VIEWER_CREDENTIALS);
        ConnectionSettings settings = resolved.settings();

        assertThat(resolved.key()).isEqualTo(new ClientKey("c1", 1, Identity.viewer("bob")));
        assertThat(settings.identity()).isEqualTo("viewer:bob");
        assertThat(settings.get(RotatingTokens.REFRESH_TOKEN).reveal()).isEqualTo("bobs-token");
        assertThat(settings.get(RotatingTokens.HOST)).isEqualTo("warehouse");
    }

    @Test
    void aViewersCiphertextCopiedToAnotherViewerDoesNotOpenAClient() {
        ConnectionForUser read = new ConnectionForUser(
                stored(1, Map.of()),
                "dave",
                Map.of("refreshToken", envelope("c1", "viewer:bob:refreshToken", "bobs-token")));

        CredentialResolver.Resolved resolved = resolver.resolve(read, AccessReason.VIEWER_CREDENTIALS);

        assertThatThrownBy(resolved::settings).hasMessageContaining("fails authentication");
    }

    @Test
    void aViewerWithoutCredentialsIsToldToProvideThem() {
        ConnectionForUser read = new ConnectionForUser(stored(1, Map.of()), "bob", Map.of());

        assertThatThrownBy(() -> resolver.resolve(read, AccessReason.VIEWER_CREDENTIALS))
                .isInstanceOf(ViewerCredentialsRequiredException.class)
                .hasMessageContaining("shared");
    }

    @Test
    void advancedOptionsAreParsedOncePerStoredVersion() {
        StoredConnection first = stored(1, Map.of("maxConcurrentQueries", 3));
        StoredConnection second = stored(2, Map.of("maxConcurrentQueries", 5));

        int[] limits = {
            resolver.resolve(new ConnectionForUser(first, "alice", Map.of()), AccessReason.OWNER)
                    .maxConcurrentQueries(),
            resolver.resolve(new ConnectionForUser(first, "alice", Map.of()), AccessReason.OWNER)
                    .maxConcurrentQueries(),
            resolver.resolve(new ConnectionForUser(second, "alice", Map.of()), AccessReason.OWNER)
                    .maxConcurrentQueries(),
            resolver.resolve(new ConnectionForUser(second, "alice", Map.of()), AccessReason.OWNER)
                    .maxConcurrentQueries()
        };

        assertThat(limits).containsExactly(3, 3, 5, 5);
        assertThat(resolver.optionParses()).isEqualTo(2);
    }

    @Test
    void reencryptingKeepsAViewersSecretBoundToThatViewer() {
        EncryptedSecret original = envelope("c1", "viewer:bob:refreshToken", "bobs-token");

        EncryptedSecret again = resolver.reencrypted(
                new StoredSecret("c1", "refreshToken", original.ciphertext(), "k1", Optional.of("bob")));

        assertThat(again.ciphertext()).isNotEqualTo(original.ciphertext());
        assertThat(cipher.decrypt("c1", "viewer:bob:refreshToken", again.ciphertext())
                        .reveal())
                .isEqualTo("bobs-token");
    }
}
