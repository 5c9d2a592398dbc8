package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.Connection;
import com.carto.connections.ConnectionEvent;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.check.CheckFailedException;
import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.Property;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.testing.LogCapture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing BigQuery connections through the {@link Connections} facade, on an embedded store, with the real client
 * library against the fake. Whose credentials a request ran with is read from the fake's side: every API request is
 * recorded with what its bearer token was issued for (a refresh token, a service account).
 */
class BigQuerySharingTest {
    @RegisterExtension
    static final TestConnections FAKE = new TestConnections();

    private static final String CLIENT_ID = "carto-app.apps.googleusercontent.com";
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final String ALICE_TOKEN = "alice-refresh-" + UUID.randomUUID();
    private static final String BOB_TOKEN = "canary-bob-refresh-" + UUID.randomUUID();
    private static final String WRONG_TOKEN = "canary-bob-wrong-" + UUID.randomUUID();
    private static final String ORGANIZATION = "acme";
    private static final Principal ALICE = Principal.of("alice", ORGANIZATION, Role.EDITOR);
    private static final Principal BOB = Principal.of("bob", ORGANIZATION, Role.VIEWER);
    private static final Principal CAROL = new Principal("carol", ORGANIZATION, Role.VIEWER, Set.of("analysts"));
    private static final Principal DAVE = new Principal("dave", ORGANIZATION, Role.VIEWER, Set.of("marketing"));
    private static final Query ANSWER = Query.sql("select cast(42 as bigint) as answer");

    static {
        FAKE.fake.auth().registerRefreshToken(CLIENT_ID, CLIENT_SECRET, ALICE_TOKEN);
        FAKE.fake.auth().registerRefreshToken(CLIENT_ID, CLIENT_SECRET, BOB_TOKEN);
    }

    @TempDir
    Path directory;

    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private Connections connections;

    @BeforeEach
    void startConnections() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(FAKE.provider))
                .listener(events::add)
                .build();
    }

    @AfterEach
    void closeConnections() {
        connections.close();
    }

    @Test
    void sharingAnOauthConnectionWithTheOrganizationFailsNamingSharing() {
        String id = aliceOauth().id();
        assertThatThrownBy(() -> connections.share(ALICE, id, Sharing.organization(), true))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("sharing"));
        assertThat(connections.get(ALICE, id).sharing()).isEqualTo(Sharing.PRIVATE);
    }

    @Test
    void sharingAnOauthConnectionWithAGroupFailsNamingSharing() {
        String id = aliceOauth().id();
        assertThatThrownBy(() -> connections.share(ALICE, id, Sharing.groups("analysts"), true))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("sharing"));
        assertThat(connections.get(ALICE, id).sharing()).isEqualTo(Sharing.PRIVATE);
    }

    @Test
    void sharingAnOauthConnectionWithViewerCredentialsSucceeds() {
        String id = aliceOauth().id();
        assertThat(connections
                        .share(ALICE, id, Sharing.viewerCredentials(), false)
                        .applied())
                .isTrue();
        assertThat(connections.get(BOB, id).sharing()).isEqualTo(Sharing.viewerCredentials());
    }

    @Test
    void aViewerWhoProvidedNoCredentialsIsToldViewerCredentialsAreRequired() {
        String id = sharedOauth();
        assertViewerCredentialsRequired(() -> connections.query(BOB, id, ANSWER));
    }

    @Test
    void theViewerCredentialFieldsOfOauthAreTheRefreshAndTheAccessToken() {
        assertThat(FAKE.provider.viewerCredentialProperties("oauth"))
                .extracting(Property::name)
                .containsExactly("refreshToken", "accessToken");
    }

    @Test
    void aWrongRefreshTokenFailsTheLiveCheckAndStoresNothing() {
        String id = sharedOauth();
        assertThatThrownBy(() -> connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", WRONG_TOKEN)))
                .isInstanceOfSatisfying(CheckFailedException.class, failure -> {
                    assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
                    assertThat(failure.report().failure().orElseThrow().stage()).isEqualTo(CheckStage.AUTHENTICATE);
                    assertThat(failure.report().failure().orElseThrow().suspectProperties())
                            .contains("refreshToken");
                });
        assertViewerCredentialsRequired(() -> connections.query(BOB, id, ANSWER));
        assertThat(events)
                .extracting(ConnectionEvent::type)
                .doesNotContain(ConnectionEvent.Type.VIEWER_CREDENTIALS_PROVIDED);
    }

    @Test
    void aViewersQueryRunsWithTheirOwnRefreshToken() {
        String id = sharedOauth();
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        assertThat(FAKE.grantsWhile(() -> answer(BOB, id))).containsExactly("refresh token " + BOB_TOKEN);
    }

    @Test
    void theOwnersQueriesRunWithTheOwnersRefreshTokenAfterAViewerQueriedWithTheirs() {
        String id = sharedOauth();
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        answer(BOB, id);
        assertThat(FAKE.grantsWhile(() -> answer(ALICE, id))).containsExactly("refresh token " + ALICE_TOKEN);
    }

    @Test
    void theOwnerAndAViewerEachQueryThroughAClientOfTheirOwn() {
        String id = queriedByAliceAndBob();
        assertThat(connections.clientMetrics().openClients()).isEqualTo(2);
    }

    @Test
    void aViewerWhoRevokedTheirCredentialsIsToldViewerCredentialsAreRequiredAgain() {
        String id = sharedOauth();
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        answer(BOB, id);
        assertThat(connections.revokeViewerCredentials(BOB, id)).isTrue();
        assertViewerCredentialsRequired(() -> connections.query(BOB, id, ANSWER));
    }

    @Test
    void revokingAViewersCredentialsLeavesTheOwnersQueriesRunningAsTheOwner() {
        String id = queriedByAliceAndBob();
        connections.revokeViewerCredentials(BOB, id);
        assertThat(FAKE.grantsWhile(() -> answer(ALICE, id))).containsExactly("refresh token " + ALICE_TOKEN);
    }

    @Test
    void revokingAViewersCredentialsClosesTheirClientOnly() {
        String id = queriedByAliceAndBob();
        connections.revokeViewerCredentials(BOB, id);
        assertThat(connections.clientMetrics().openClients()).isEqualTo(1);
    }

    @Test
    void aViewerWhoBringsAnAccessTokenQueriesWithItAndNotWithTheOwnersRefreshToken() {
        String id = sharedOauth();
        String accessToken = "canary-bob-access-" + UUID.randomUUID();
        FAKE.fake.auth().acceptAccessToken(accessToken);
        connections.provideViewerCredentials(BOB, id, Map.of("accessToken", accessToken));
        assertThat(FAKE.grantsWhile(() -> answer(BOB, id))).containsExactly("access token as given");
    }

    @Test
    void aViewerBrowsesTheCatalogWithTheirOwnRefreshToken() {
        String id = sharedOauth();
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        assertThat(FAKE.grantsWhile(
                        () -> connections.catalog(BOB, id).schemas(FakeBigQuery.PROJECT, PageRequest.first(10))))
                .containsExactly("refresh token " + BOB_TOKEN);
    }

    @Test
    void makingTheConnectionPrivateForgetsTheViewersCredentials() {
        String id = sharedOauth();
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        connections.share(ALICE, id, Sharing.PRIVATE, true);
        connections.share(ALICE, id, Sharing.viewerCredentials(), true);
        assertViewerCredentialsRequired(() -> connections.query(BOB, id, ANSWER));
    }

    @Test
    void aGroupMemberQueriesAServiceAccountConnectionSharedWithTheGroupAsTheServiceAccount() {
        String id = serviceAccountSharedWithAnalysts();
        assertThat(FAKE.grantsWhile(() -> answer(CAROL, id)))
                .containsExactly("service account " + TestCredentials.EMAIL);
    }

    @Test
    void someoneOutsideTheGroupIsToldAServiceAccountConnectionSharedWithTheGroupDoesNotExist() {
        String id = serviceAccountSharedWithAnalysts();
        assertThatThrownBy(() -> connections.query(DAVE, id, ANSWER))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void aViewersRefreshTokenNeverAppearsInLogsEventsMessagesOrWhatIsReturned() {
        List<String> printed = new ArrayList<>();
        try (LogCapture logs = LogCapture.start();
                GoogleLogs googleLogs = GoogleLogs.start()) {
            String id = sharedOauth();
            Throwable wrong = catchThrowable(
                    () -> connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", WRONG_TOKEN)));
            printed.add(trace(wrong));
            printed.add(((CheckFailedException) wrong).report().toString());
            printed.add(((CheckFailedException) wrong).report().summary());
            connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
            printed.add(connections.check(BOB, id).toString());
            try (QueryResult result = connections.query(BOB, id, ANSWER)) {
                printed.add(result.toString());
            }
            printed.add(trace(catchThrowable(() -> connections
                    .query(BOB, id, Query.sql("select * from no_such_table"))
                    .close())));
            printed.add(connections
                    .catalog(BOB, id)
                    .databases(PageRequest.first(10))
                    .toString());
            printed.add(connections.get(BOB, id).toString());
            printed.add(connections
                    .list(BOB, ConnectionFilter.organization(ORGANIZATION), PageRequest.first(10))
                    .toString());
            printed.add(connections.clientMetrics().toString());
            connections.revokeViewerCredentials(BOB, id);
            printed.add(trace(catchThrowable(() -> connections.query(BOB, id, ANSWER))));
            List<String> lines = logs.lines();
            assertThat(lines)
                    .as("the capture sees the SDK's log")
                    .anyMatch(line -> line.contains("Stored viewer credentials of bob"));
            printed.addAll(lines);
            printed.addAll(googleLogs.lines());
        }
        events.forEach(event -> printed.add(event.toString()));
        assertThat(events)
                .extracting(ConnectionEvent::type)
                .contains(
                        ConnectionEvent.Type.VIEWER_CREDENTIALS_PROVIDED,
                        ConnectionEvent.Type.VIEWER_CREDENTIALS_REVOKED);
        assertThat(printed).allSatisfy(text -> assertThat(text).doesNotContain("canary-bob"));
    }

    @Test
    void aViewersRefreshTokenIsStoredOnlyEncrypted() throws IOException {
        String id = sharedOauth();
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        connections.close();
        byte[] canary = BOB_TOKEN.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        List<Path> holdingTheToken = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            if (contains(Files.readAllBytes(file), canary)) {
                holdingTheToken.add(file);
            }
        }
        startConnections();
        assertThat(files).isNotEmpty();
        assertThat(holdingTheToken).isEmpty();
        // Still there, under encryption: the reopened store runs Bob's queries with his token.
        assertThat(FAKE.grantsWhile(() -> answer(BOB, id))).containsExactly("refresh token " + BOB_TOKEN);
    }

    private Connection aliceOauth() {
        return connections.create(
                ALICE,
                NewConnection.of("bigquery", "alice-oauth")
                        .authMethod("oauth")
                        .property("billingProject", FakeBigQuery.PROJECT)
                        .property("clientId", CLIENT_ID)
                        .secret("clientSecret", CLIENT_SECRET)
                        .secret("refreshToken", ALICE_TOKEN));
    }

    private String sharedOauth() {
        String id = aliceOauth().id();
        connections.share(ALICE, id, Sharing.viewerCredentials(), false);
        return id;
    }

    /** An OAuth connection shared with viewer credentials, which Bob gave his own and both Alice and Bob queried. */
    private String queriedByAliceAndBob() {
        String id = sharedOauth();
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        answer(ALICE, id);
        answer(BOB, id);
        return id;
    }

    private String serviceAccountSharedWithAnalysts() {
        NewConnection draft =
                NewConnection.of("bigquery", "team-service-account").authMethod("service_account");
        for (Map.Entry<String, Object> property : FAKE.serviceAccount().entrySet()) {
            draft = property.getKey().equals("serviceAccountKey")
                    ? draft.secret(property.getKey(), (String) property.getValue())
                    : draft.property(property.getKey(), property.getValue());
        }
        String id = connections.create(ALICE, draft).id();
        connections.share(ALICE, id, Sharing.groups("analysts"), false);
        return id;
    }

    private long answer(Principal principal, String id) {
        try (QueryResult result = connections.query(principal, id, ANSWER)) {
            assertThat(result.next()).isTrue();
            long answer = (Long) result.value(0);
            assertThat(answer).isEqualTo(42L);
            return answer;
        }
    }

    private static void assertViewerCredentialsRequired(Runnable use) {
        assertThatThrownBy(use::run).isInstanceOfSatisfying(ConnectionException.class, failure -> {
            assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
            assertThat(failure.getMessage()).contains("viewer credentials").contains("provide your own credentials");
        });
    }

    private static String trace(Throwable failure) {
        if (failure == null) {
            return "";
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
