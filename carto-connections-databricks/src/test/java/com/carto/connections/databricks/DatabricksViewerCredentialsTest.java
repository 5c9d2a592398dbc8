package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.access.ViewerCredentialsRequiredException;
import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth per user ({@code oauth_u2m}) through the {@link Connections} facade on an embedded store, with the real driver
 * against the fake workspace, whose refresh tokens are single-use: the SDK gets access tokens from each identity's
 * refresh token, stores the one the workspace issues in its place, and a connection shared with viewer credentials
 * runs each viewer's queries as that viewer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksViewerCredentialsTest {
    private static final String APP = "carto-app";
    private static final String APP_SECRET = "app-secret-" + UUID.randomUUID();
    private static final String PUBLIC_APP = "carto-public-app";
    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);
    private static final Principal BOB = Principal.of("bob", "acme", Role.VIEWER);
    private static final Principal CAROL = Principal.of("carol", "acme", Role.VIEWER);

    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));

    @TempDir
    Path directory;

    private Connections connections;

    DatabricksViewerCredentialsTest() {
        fake.oauth()
                .app(APP, Optional.of(APP_SECRET))
                .app(PUBLIC_APP, Optional.empty())
                .clock(clock);
    }

    @BeforeEach
    void start() {
        connections = instance();
    }

    @AfterEach
    void stop() {
        connections.close();
    }

    @AfterAll
    void stopFake() {
        fake.close();
    }

    private Connections instance() {
        return Connections.builder()
                .embedded(directory)
                .clock(clock)
                .providers(Providers.of(DatabricksProviderTest.provider(fake)))
                .build();
    }

    private NewConnection draft(String clientId) {
        return NewConnection.of(
                        "databricks", "u2m-" + UUID.randomUUID().toString().substring(0, 8))
                .authMethod("oauth_u2m")
                .property("host", DatabricksProviderTest.WORKSPACE)
                .property("httpPath", "/sql/1.0/warehouses/" + DatabricksProviderTest.WAREHOUSE)
                .property("catalog", "main")
                .property("clientId", clientId);
    }

    private String connection(String refreshToken) {
        return connections
                .create(ALICE, draft(APP).secret("clientSecret", APP_SECRET).secret("refreshToken", refreshToken))
                .id();
    }

    @Test
    void queriesAsTheOwnerWithAnAccessTokenFromTheirRefreshToken() {
        int refreshes = fake.oauth().refreshGrants();
        String id = connection(fake.oauth().issueRefreshToken("alice", APP));
        assertThat(answer(ALICE, id)).isEqualTo(42);
        assertThat(fake.oauth().refreshGrants()).isGreaterThan(refreshes);
        assertThat(fake.statementPrincipals()).last().isEqualTo("alice");
    }

    @Test
    void storesTheRotatedRefreshTokenSoAnotherInstanceQueriesWithIt() {
        int replays = fake.oauth().replays();
        String original = fake.oauth().issueRefreshToken("alice", APP);
        String id = connection(original);
        answer(ALICE, id);
        connections.close();
        connections = instance();

        assertThat(answer(ALICE, id)).isEqualTo(42);
        assertThat(fake.oauth().refreshTokenActive(original)).isFalse();
        assertThat(fake.oauth().replays())
                .as("no spent refresh token was presented again")
                .isEqualTo(replays);
    }

    @Test
    void runsEachViewersQueriesAsThatViewerWithTheirOwnRefreshToken() {
        int replays = fake.oauth().replays();
        String id = connection(fake.oauth().issueRefreshToken("alice", APP));
        connections.share(ALICE, id, Sharing.viewerCredentials(), false);
        connections.provideViewerCredentials(
                BOB, id, Map.of("refreshToken", fake.oauth().issueRefreshToken("bob", APP)));
        connections.provideViewerCredentials(
                CAROL, id, Map.of("refreshToken", fake.oauth().issueRefreshToken("carol", APP)));

        assertThat(answer(BOB, id)).isEqualTo(42);
        assertThat(fake.statementPrincipals()).last().isEqualTo("bob");
        assertThat(answer(CAROL, id)).isEqualTo(42);
        assertThat(fake.statementPrincipals()).last().isEqualTo("carol");
        assertThat(answer(ALICE, id)).isEqualTo(42);
        assertThat(fake.statementPrincipals()).last().isEqualTo("alice");
        assertThat(fake.oauth().replays()).isEqualTo(replays);
    }

    @Test
    void storesAViewersRotatedRefreshTokenSoAnotherInstanceQueriesAsThem() {
        String id = connection(fake.oauth().issueRefreshToken("alice", APP));
        connections.share(ALICE, id, Sharing.viewerCredentials(), false);
        String bobs = fake.oauth().issueRefreshToken("bob", APP);
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", bobs));
        answer(BOB, id);
        connections.close();
        connections = instance();

        assertThat(answer(BOB, id)).isEqualTo(42);
        assertThat(fake.statementPrincipals()).last().isEqualTo("bob");
        assertThat(fake.oauth().refreshTokenActive(bobs)).isFalse();
    }

    @Test
    void refusesAViewerWithoutCredentials() {
        String id = connection(fake.oauth().issueRefreshToken("alice", APP));
        connections.share(ALICE, id, Sharing.viewerCredentials(), false);
        assertThat(catchThrowable(() -> answer(BOB, id))).isInstanceOf(ViewerCredentialsRequiredException.class);
    }

    @Test
    void refusesToShareWithTheOrganization() {
        String id = connection(fake.oauth().issueRefreshToken("alice", APP));
        assertThatThrownBy(() -> connections.share(ALICE, id, Sharing.organization(), false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sharing")
                .hasMessageContaining("viewer credentials");
    }

    @Test
    void refusesToShareWithGroups() {
        String id = connection(fake.oauth().issueRefreshToken("alice", APP));
        assertThatThrownBy(() -> connections.share(ALICE, id, Sharing.groups("analysts"), false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("sharing");
    }

    @Test
    void queriesThroughAPublicAppWithoutAClientSecret() {
        String id = connections
                .create(
                        ALICE,
                        draft(PUBLIC_APP).secret("refreshToken", fake.oauth().issueRefreshToken("alice", PUBLIC_APP)))
                .id();
        assertThat(answer(ALICE, id)).isEqualTo(42);
        assertThat(fake.statementPrincipals()).last().isEqualTo("alice");
    }

    @Test
    void refusesToCreateAConnectionWithASpentRefreshTokenNamingTheSetting() {
        String spent = fake.oauth().issueRefreshToken("alice", APP);
        connection(spent);
        // The same token again, e.g. pasted twice: the workspace spent it on the first connection's check.
        Throwable failure = catchThrowable(() -> connection(spent));

        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(failure.getMessage()).contains("refreshToken").contains("invalid_grant");
        assertThat(failure.toString()).doesNotContain(spent).doesNotContain(APP_SECRET);
    }

    private int answer(Principal principal, String id) {
        try (QueryResult result = connections.query(principal, id, Query.sql("select 42 as answer"))) {
            assertThat(result.next()).isTrue();
            return ((Number) result.value("answer")).intValue();
        }
    }
}
