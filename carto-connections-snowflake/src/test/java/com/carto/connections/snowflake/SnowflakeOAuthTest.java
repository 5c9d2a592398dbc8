package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.access.ViewerCredentialsRequiredException;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snowflake OAuth through the {@link Connections} facade on an embedded store, with the real driver against the fake's
 * token endpoint and OAuth logins: the SDK refreshes access tokens itself, stores the refresh tokens the endpoint
 * rotates, and a viewer of a connection shared with viewer credentials logs in as themselves.
 */
class SnowflakeOAuthTest {
    private static final String CLIENT_ID = "carto-integration";
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);
    private static final Principal BOB = Principal.of("bob", "acme", Role.VIEWER);

    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().oauthClient(CLIENT_ID, CLIENT_SECRET);

    @TempDir
    Path directory;

    private Connections connections;

    @BeforeEach
    void start() {
        connections = instance();
    }

    @AfterEach
    void stop() {
        connections.close();
        FAKE.rotateRefreshTokens(false);
    }

    private Connections instance() {
        return Connections.builder()
                .embedded(directory)
                .providers(Providers.of(TestProviders.against(FAKE)))
                .build();
    }

    private String oauthConnection(String refreshToken) {
        return connections
                .create(
                        ALICE,
                        NewConnection.of(
                                        "snowflake",
                                        "oauth-" + UUID.randomUUID().toString().substring(0, 8))
                                .authMethod("oauth")
                                .property("account", FakeSnowflake.ACCOUNT)
                                .property("database", FAKE.database())
                                .property("clientId", CLIENT_ID)
                                .secret("clientSecret", CLIENT_SECRET)
                                .secret("refreshToken", refreshToken))
                .id();
    }

    @Test
    void queriesWithAnAccessTokenTheSdkGotFromTheRefreshToken() {
        int before = FAKE.refreshes();
        String id = oauthConnection(FAKE.issueRefreshToken("alice", CLIENT_ID));
        assertThat(answer(ALICE, id)).isEqualTo(42L);
        assertThat(FAKE.refreshes()).isGreaterThan(before);
        assertThat(FAKE.loginUsers()).last().isEqualTo("ALICE");
    }

    @Test
    void storesTheRotatedRefreshTokenSoAnotherInstanceQueriesWithIt() {
        FAKE.rotateRefreshTokens(true);
        int replays = FAKE.replays();
        String original = FAKE.issueRefreshToken("alice", CLIENT_ID);
        String id = oauthConnection(original);
        answer(ALICE, id);
        connections.close();
        connections = instance();

        assertThat(answer(ALICE, id)).isEqualTo(42L);
        assertThat(FAKE.refreshTokenActive(original)).isFalse();
        assertThat(FAKE.replays()).isEqualTo(replays);
    }

    @Test
    void letsAViewerQueryAsThemselvesWithTheirOwnRefreshToken() {
        FAKE.rotateRefreshTokens(true);
        int replays = FAKE.replays();
        String id = oauthConnection(FAKE.issueRefreshToken("alice", CLIENT_ID));
        connections.share(ALICE, id, Sharing.viewerCredentials(), false);
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", FAKE.issueRefreshToken("bob", CLIENT_ID)));

        assertThat(answer(BOB, id)).isEqualTo(42L);
        assertThat(FAKE.loginUsers()).last().isEqualTo("BOB");
        assertThat(FAKE.replays()).isEqualTo(replays);
    }

    @Test
    void refusesAViewerWithoutCredentials() {
        String id = oauthConnection(FAKE.issueRefreshToken("alice", CLIENT_ID));
        connections.share(ALICE, id, Sharing.viewerCredentials(), false);
        assertThat(catchThrowable(() -> answer(BOB, id))).isInstanceOf(ViewerCredentialsRequiredException.class);
    }

    @Test
    void reportsARevokedRefreshTokenAsAuthentication() {
        FAKE.rotateRefreshTokens(true);
        String token = FAKE.issueRefreshToken("alice", CLIENT_ID);
        String id = oauthConnection(token);
        // Another party rotated the stored token out, then presented the old one again: the family is revoked.
        connections.close();
        FAKE.rotateRefreshTokens(false);
        Throwable failure = catchThrowable(() -> {
            try (Connections other = instance()) {
                revokeFamily(token);
                other.query(ALICE, id, Query.sql("select 1 as \"one\"")).close();
            }
        });
        connections = instance();
        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(failure.toString()).doesNotContain(token).doesNotContain(CLIENT_SECRET);
    }

    /** Presents a rotated-out token at the endpoint, as an attacker with a stolen copy would. */
    private static void revokeFamily(String rotatedOut) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String basic = java.util.Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + FAKE.port() + "/oauth/token-request"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "grant_type=refresh_token&refresh_token=" + rotatedOut))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    private long answer(Principal principal, String id) {
        try (QueryResult result = connections.query(principal, id, Query.sql("select 42 as \"answer\""))) {
            assertThat(result.next()).isTrue();
            return (Long) result.value("answer");
        }
    }
}
