package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.Connection;
import com.carto.connections.ConnectionChanges;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: whoever edits a connection, or writes a credential JSON, must not be able to send a token to a server of
 * their own. Every test runs the real client libraries against the fake, with an {@link AttackerServer} standing by:
 * plain {@code http://127.0.0.1} for endpoints that take http, and {@code https://attacker.example} (routed to it by
 * {@link LoopbackTransports}) for the ones google-auth insists be https. It must receive nothing.
 */
class BigQueryTokenCaptureTest {
    @RegisterExtension
    static final TestConnections FAKE = new TestConnections();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "carto-app.apps.googleusercontent.com";
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final String ALICE_TOKEN = "alice-refresh-" + UUID.randomUUID();
    private static final String BOB_TOKEN = "bob-refresh-" + UUID.randomUUID();
    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);
    private static final Principal BOB = Principal.of("bob", "acme", Role.VIEWER);
    private static final String ATTACKER_HTTPS = "https://" + AttackerServer.HOST;

    static {
        FAKE.fake.auth().registerRefreshToken(CLIENT_ID, CLIENT_SECRET, ALICE_TOKEN);
        FAKE.fake.auth().registerRefreshToken(CLIENT_ID, CLIENT_SECRET, BOB_TOKEN);
    }

    @TempDir
    Path directory;

    private AttackerServer attacker;
    private Connections connections;

    @BeforeEach
    void start() {
        attacker = AttackerServer.start();
        FAKE.transports.route(AttackerServer.HOST, attacker.root());
        // What google-auth would build from a universe_domain of attacker.example.
        FAKE.transports.route("sts." + AttackerServer.HOST, attacker.root());
        FAKE.fake.auth().subjectToken("subject-" + UUID.randomUUID());
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(FAKE.provider))
                .build();
    }

    @AfterEach
    void stop() {
        connections.close();
        attacker.close();
    }

    @Test
    void anOwnerCannotCreateAConnectionWithAnEndpointProperty() {
        for (String property : List.of("apiEndpoint", "oauthEndpoint")) {
            assertThatThrownBy(() -> connections.create(
                            ALICE,
                            aliceOauth("alice-" + property.toLowerCase())
                                    .property(property, attacker.root() + "/token")))
                    .as(property)
                    .isInstanceOfSatisfying(
                            InvalidConfigurationException.class,
                            failure -> assertThat(failure.problems())
                                    .extracting(InvalidConfigurationException.Problem::property)
                                    .containsExactly(property));
        }
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void anOwnerCannotAddAnEndpointPropertyToASharedConnectionByUpdate() {
        Connection created = connections.create(ALICE, aliceOauth("alice-oauth"));
        connections.share(ALICE, created.id(), Sharing.viewerCredentials(), false);
        long version = connections.get(ALICE, created.id()).version();
        assertThatThrownBy(() -> connections.update(
                        ALICE,
                        created.id(),
                        ConnectionChanges.none().property("oauthEndpoint", attacker.root() + "/token"),
                        version))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("oauthEndpoint"));
        connections.provideViewerCredentials(BOB, created.id(), Map.of("refreshToken", BOB_TOKEN));
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void aViewerProvidingCredentialsOnASharedConnectionSendsNothingToTheAttacker() {
        Connection created = connections.create(ALICE, aliceOauth("alice-oauth"));
        connections.share(ALICE, created.id(), Sharing.viewerCredentials(), false);
        connections.provideViewerCredentials(BOB, created.id(), Map.of("refreshToken", BOB_TOKEN));
        assertThat(FAKE.grantsWhile(() -> answer(BOB, created.id()))).containsExactly("refresh token " + BOB_TOKEN);
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void aViewerCannotBringAnEndpointWithTheirCredentials() {
        Connection created = connections.create(ALICE, aliceOauth("alice-oauth"));
        connections.share(ALICE, created.id(), Sharing.viewerCredentials(), false);
        assertThatThrownBy(() -> connections.provideViewerCredentials(
                        BOB,
                        created.id(),
                        Map.of("refreshToken", BOB_TOKEN, "oauthEndpoint", attacker.root() + "/token")))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("oauthEndpoint"));
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void aConnectionStoredWithAnEndpointPropertyIsRefusedUntilItsOwnerRemovesIt() {
        // Stored by an earlier release, whose oauth method still took oauthEndpoint.
        String id;
        try (Connections earlier = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new EarlierBigQueryProvider(FAKE.provider)))
                .build()) {
            id = earlier.create(
                            ALICE,
                            aliceOauth("alice-oauth")
                                    .property("oauthEndpoint", attacker.root() + "/token")
                                    .skipLiveCheck())
                    .id();
            earlier.share(ALICE, id, Sharing.viewerCredentials(), false);
        }
        connections.close();
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(FAKE.provider))
                .build();
        assertThatThrownBy(() -> connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN)))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("oauthEndpoint"));
        assertThat(attacker.requests()).isEmpty();

        long version = connections.get(ALICE, id).version();
        connections.update(ALICE, id, ConnectionChanges.none().remove("oauthEndpoint"), version);
        connections.provideViewerCredentials(BOB, id, Map.of("refreshToken", BOB_TOKEN));
        assertThat(FAKE.grantsWhile(() -> answer(BOB, id))).containsExactly("refresh token " + BOB_TOKEN);
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void aServiceAccountKeysTokenUriAtTheAttackerIsIgnoredForTheHostsTokenEndpoint() {
        for (String tokenUri : List.of(attacker.root() + "/token", ATTACKER_HTTPS + "/token")) {
            Map<String, Object> properties = FAKE.serviceAccount();
            properties.put(
                    "serviceAccountKey", TestCredentials.serviceAccountKey(FAKE.keys, TestCredentials.EMAIL, tokenUri));
            WarehouseClient client = FAKE.open("service_account", properties);
            CheckReport report = client.check(CheckOptions.defaults());
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(FAKE.grantsWhile(() -> answer(client)))
                    .containsExactly("service account " + TestCredentials.EMAIL);
        }
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void anExternalAccountsTokenUrlAtTheAttackerIsRefusedNamingIt() {
        assertRefused(configuration -> configuration.put("token_url", ATTACKER_HTTPS + "/v1/token"), "token_url");
    }

    @Test
    void anExternalAccountsTokenUrlOnTheHostsServerButAnotherPathIsRefused() {
        assertRefused(
                configuration -> configuration.put("token_url", "https://sts.googleapis.com/v1/token/../../x"),
                "token_url");
    }

    @Test
    void anExternalAccountWithoutATokenUrlUsesTheHostsServiceWhateverItsUniverseDomain() {
        WarehouseClient client = workloadIdentityClient(configuration -> {
            configuration.remove("token_url");
            configuration.put("universe_domain", AttackerServer.HOST);
        });
        CheckReport report = client.check(CheckOptions.defaults());
        assertThat(report.stage(CheckStage.AUTHENTICATE).status())
                .as(report.summary())
                .isEqualTo(StageResult.Status.PASSED);
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void anImpersonationUrlAtTheAttackerIsRefusedNamingIt() {
        assertRefused(
                configuration -> configuration.put(
                        "service_account_impersonation_url",
                        ATTACKER_HTTPS + "/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com"
                                + ":generateAccessToken"),
                "service_account_impersonation_url");
    }

    @Test
    void anImpersonationUrlWithUserInformationBeforeTheHostsHostIsRefused() {
        assertRefused(
                configuration -> configuration.put(
                        "service_account_impersonation_url",
                        "https://iamcredentials.googleapis.com@" + AttackerServer.HOST
                                + "/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:generateAccessToken"),
                "service_account_impersonation_url");
    }

    @Test
    void aUrlCredentialSourceTheHostDidNotListIsRefusedNamingIt() {
        assertRefused(
                configuration -> ((ObjectNode) configuration.get("credential_source"))
                        .put("url", ATTACKER_HTTPS + "/subject-token"),
                "credential_source.url");
    }

    @Test
    void fileCertificateExecutableAndAwsCredentialSourcesAreRefusedNamingTheirField() {
        Map<String, String> sources = Map.of(
                "file", "{\"file\":\"/etc/passwd\"}",
                "certificate", "{\"certificate\":{\"use_default_certificate_config\":true}}",
                "executable", "{\"executable\":{\"command\":\"/bin/true\"}}",
                "environment_id", "{\"environment_id\":\"aws1\",\"region_url\":\"" + ATTACKER_HTTPS + "/region\"}");
        sources.forEach((field, source) -> assertRefused(
                configuration -> configuration.set("credential_source", parse(source)), "credential_source." + field));
    }

    @Test
    void aRefusalNeverQuotesTheConfiguration() {
        String canary = "canary-" + UUID.randomUUID();
        WarehouseClient client = workloadIdentityClient(configuration -> {
            configuration.put("token_url", ATTACKER_HTTPS + "/" + canary);
            configuration.put("client_secret", canary);
        });
        assertThat(client.check(CheckOptions.defaults()).toString()).doesNotContain(canary, AttackerServer.HOST);
        assertThat(attacker.requests()).isEmpty();
    }

    /** A configuration changed by {@code change} fails the check at AUTHENTICATE naming {@code field}, and sends nothing. */
    private void assertRefused(Consumer<ObjectNode> change, String field) {
        StageResult failure = TestConnections.failedAt(
                workloadIdentityClient(change).check(CheckOptions.defaults()),
                CheckStage.AUTHENTICATE,
                ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.message())
                .as(field)
                .hasValueSatisfying(message -> assertThat(message).contains("credentialConfiguration " + field + " "));
        assertThat(failure.suspectProperties()).containsExactly("credentialConfiguration");
        assertThat(attacker.requests()).as(field).isEmpty();
    }

    private WarehouseClient workloadIdentityClient(Consumer<ObjectNode> change) {
        ObjectNode configuration = parse(TestCredentials.externalAccount(FAKE.fake.auth()));
        change.accept(configuration);
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("credentialConfiguration", configuration.toString());
        return FAKE.open("workload_identity_federation", properties);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NewConnection aliceOauth(String name) {
        return NewConnection.of("bigquery", name)
                .authMethod("oauth")
                .property("billingProject", FakeBigQuery.PROJECT)
                .property("clientId", CLIENT_ID)
                .secret("clientSecret", CLIENT_SECRET)
                .secret("refreshToken", ALICE_TOKEN);
    }

    private long answer(Principal principal, String id) {
        try (QueryResult result = connections.query(principal, id, Query.sql("select cast(1 as bigint) as one"))) {
            assertThat(result.next()).isTrue();
            return (Long) result.value(0);
        }
    }

    private static long answer(WarehouseClient client) {
        try (QueryResult result = client.query(Query.sql("select cast(1 as bigint) as one"))) {
            assertThat(result.next()).isTrue();
            return (Long) result.value(0);
        }
    }

    /**
     * The provider as an earlier release declared it: its {@code oauth} method also took {@code oauthEndpoint}, so a
     * store written then may hold one. Everything else is today's provider.
     */
    private static final class EarlierBigQueryProvider implements ConnectionProvider {
        private final BigQueryProvider current;

        EarlierBigQueryProvider(BigQueryProvider current) {
            this.current = current;
        }

        @Override
        public String id() {
            return current.id();
        }

        @Override
        public String displayName() {
            return current.displayName();
        }

        @Override
        public List<AuthMethod> authMethods() {
            List<Property<?>> oauth = new ArrayList<>(BigQueryProvider.OAUTH_METHOD.properties());
            oauth.add(Property.string("oauthEndpoint"));
            return List.of(
                    BigQueryProvider.SERVICE_ACCOUNT_METHOD,
                    AuthMethod.personal("oauth", "OAuth (user account)", oauth),
                    BigQueryProvider.WORKLOAD_IDENTITY_METHOD);
        }

        @Override
        public Set<Capability> capabilities() {
            return current.capabilities();
        }

        @Override
        public Dialect dialect() {
            return current.dialect();
        }

        @Override
        public List<Property<?>> viewerCredentialProperties(String authMethodId) {
            return current.viewerCredentialProperties(authMethodId);
        }

        @Override
        public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
            throw new AssertionError("the earlier provider only stores a connection here");
        }
    }
}
