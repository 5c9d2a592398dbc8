package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.ConnectionChanges;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth refresh tokens under rotation, through the {@link Connections} facade on an embedded store, with the real
 * client library against a token endpoint that issues a new refresh token on every refresh, revokes the old one, and
 * revokes the whole family when a rotated-out token comes back. A connection whose rotated tokens were not stored, or
 * a client that refreshed with a rotated-out token, stops working: every test ends by querying again.
 */
class BigQueryRotationTest {
    @RegisterExtension
    static final TestConnections FAKE = new TestConnections();

    private static final String CLIENT_ID = "rotating-app.apps.googleusercontent.com";
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final String ORGANIZATION = "acme";
    private static final Principal ALICE = Principal.of("alice", ORGANIZATION, Role.EDITOR);
    private static final Principal BOB = Principal.of("bob", ORGANIZATION, Role.VIEWER);
    private static final Query ANSWER = Query.sql("select cast(42 as bigint) as answer");

    static {
        FAKE.fake.auth().rotateRefreshTokens(CLIENT_ID);
    }

    @TempDir
    Path directory;

    private Connections connections;

    @BeforeEach
    void startConnections() {
        connections = instance();
    }

    @AfterEach
    void closeConnections() {
        connections.close();
        FAKE.fake.auth().accessTokenLifetime(3600);
    }

    /** An application instance on the store and key file of the test. */
    private Connections instance() {
        return Connections.builder()
                .embedded(directory)
                .providers(Providers.of(FAKE.provider))
                .build();
    }

    private static String registered(String who) {
        String token = who + "-refresh-" + UUID.randomUUID();
        FAKE.fake.auth().registerRefreshToken(CLIENT_ID, CLIENT_SECRET, token);
        return token;
    }

    private String oauthConnection(Connections on, String refreshToken) {
        return on.create(
                        ALICE,
                        NewConnection.of(
                                        "bigquery",
                                        "rotating-"
                                                + UUID.randomUUID().toString().substring(0, 8))
                                .authMethod("oauth")
                                .property("billingProject", FakeBigQuery.PROJECT)
                                .property("clientId", CLIENT_ID)
                                .secret("clientSecret", CLIENT_SECRET)
                                .secret("refreshToken", refreshToken))
                .id();
    }

    @Test
    void theOwnersRotatedRefreshTokenIsStoredSoAnotherInstanceQueriesWithIt() {
        String token = registered("alice");
        int issuedBefore = FAKE.fake.auth().refreshTokensIssued();
        String id = oauthConnection(connections, token);
        answer(connections, ALICE, id);
        connections.close();

        connections = instance();

        assertThat(FAKE.grantsWhile(() -> answer(connections, ALICE, id))).containsExactly("refresh token " + token);
        // The create's check, the first query and the second instance's query each rotated the token.
        assertThat(FAKE.fake.auth().refreshTokensIssued() - issuedBefore).isEqualTo(3);
        assertThat(FAKE.fake.auth().replays()).isZero();
    }

    @Test
    void aViewersRotatedRefreshTokenIsStoredSoTheirNextClientQueriesWithIt() {
        String alices = registered("alice");
        String bobs = registered("bob");
        String id = oauthConnection(connections, alices);
        connections.share(ALICE, id, Sharing.viewerCredentials(), false);
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", bobs));
        answer(connections, BOB, id);
        // A new version retires Bob's client; the next one opens from the store.
        long version = connections.get(ALICE, id).version();
        connections.rename(ALICE, id, "renamed-" + UUID.randomUUID().toString().substring(0, 8), version);

        assertThat(FAKE.grantsWhile(() -> answer(connections, BOB, id))).containsExactly("refresh token " + bobs);
        assertThat(FAKE.fake.auth().replays()).isZero();
        assertThat(FAKE.fake.auth().activeRefreshToken(alices)).isPresent();
    }

    @Test
    void aRetiredClientStillStreamingAndItsSuccessorNeverPresentTheSameRefreshToken() {
        String token = registered("alice");
        String id = oauthConnection(connections, token);
        int issuedBefore = FAKE.fake.auth().refreshTokensIssued();
        // Every request now refreshes first, so both clients rotate the token again and again.
        FAKE.fake.auth().accessTokenLifetime(60);
        FAKE.fake.pageSize(3);
        try (QueryResult streaming =
                connections.query(ALICE, id, Query.sql("select `X` as n from system_range(1, 12)"))) {
            assertThat(streaming.next()).isTrue();
            connections.rename(
                    ALICE,
                    id,
                    "renamed-" + UUID.randomUUID().toString().substring(0, 8),
                    connections.get(ALICE, id).version());
            answer(connections, ALICE, id);
            long rows = 1;
            while (streaming.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(12);
        } finally {
            FAKE.fake.pageSize(Integer.MAX_VALUE);
        }
        answer(connections, ALICE, id);

        assertThat(FAKE.fake.auth().replays()).isZero();
        assertThat(FAKE.fake.auth().refreshTokensIssued() - issuedBefore).isGreaterThan(4);
    }

    @Test
    void aRetiredClientAndItsSuccessorRefreshingAtTheSameTimeTakeTurns() throws Exception {
        String token = registered("alice");
        String id = oauthConnection(connections, token);
        FAKE.fake.auth().accessTokenLifetime(60);
        FAKE.fake.pageSize(2);
        try (QueryResult streaming =
                connections.query(ALICE, id, Query.sql("select `X` as n from system_range(1, 20)"))) {
            assertThat(streaming.next()).isTrue();
            connections.rename(
                    ALICE,
                    id,
                    "renamed-" + UUID.randomUUID().toString().substring(0, 8),
                    connections.get(ALICE, id).version());
            CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
                long rows = 1;
                while (streaming.next()) {
                    rows++;
                }
                return rows;
            });
            CompletableFuture<Long> querying = CompletableFuture.supplyAsync(() -> {
                long answers = 0;
                for (int query = 0; query < 5; query++) {
                    answers += answer(connections, ALICE, id);
                }
                return answers;
            });

            assertThat(reading.get(60, TimeUnit.SECONDS)).isEqualTo(20);
            assertThat(querying.get(60, TimeUnit.SECONDS)).isEqualTo(5 * 42);
        } finally {
            FAKE.fake.pageSize(Integer.MAX_VALUE);
        }
        assertThat(FAKE.fake.auth().mostRefreshesAtOnce()).isEqualTo(1);
        assertThat(FAKE.fake.auth().replays()).isZero();
    }

    @Test
    void anOwnersNewRefreshTokenSavedByAnotherInstanceWhileARefreshIsInFlightWins() throws Exception {
        String first = registered("alice");
        String replacement = registered("alice-again");
        String id = oauthConnection(connections, first);
        FakeGoogleAuth.Hold hold = FAKE.fake.auth().holdNextRefresh(first);
        CompletableFuture<Long> inFlight = CompletableFuture.supplyAsync(() -> answer(connections, ALICE, id));
        hold.awaitHeld();

        try (Connections elsewhere = instance()) {
            long version = elsewhere.get(ALICE, id).version();
            elsewhere.update(ALICE, id, ConnectionChanges.none().secret("refreshToken", replacement), version);
        }
        hold.release();

        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo(42L);
        assertThat(FAKE.grantsWhile(() -> answer(connections, ALICE, id)))
                .containsExactly("refresh token " + replacement);
        try (Connections restarted = instance()) {
            assertThat(FAKE.grantsWhile(() -> answer(restarted, ALICE, id)))
                    .containsExactly("refresh token " + replacement);
        }
        assertThat(FAKE.fake.auth().replays()).isZero();
    }

    private static long answer(Connections on, Principal principal, String id) {
        try (QueryResult result = on.query(principal, id, ANSWER)) {
            assertThat(result.next()).isTrue();
            return (Long) result.value(0);
        }
    }
}
