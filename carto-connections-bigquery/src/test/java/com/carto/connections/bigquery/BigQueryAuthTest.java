package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.WarehouseClient;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BigQueryAuthTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    private static final String CLIENT_ID = "client-1.apps.googleusercontent.com";
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final String REFRESH_TOKEN = "refresh-" + UUID.randomUUID();

    static {
        CONNECTIONS.fake.auth().registerRefreshToken(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN);
    }

    @Test
    void refusesAServiceAccountKeySignedByAnotherKeyAtTheAuthenticateStage() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put(
                "serviceAccountKey",
                TestCredentials.serviceAccountKey(
                        TestCredentials.rsaKeyPair(),
                        TestCredentials.EMAIL,
                        CONNECTIONS.fake.auth().tokenUri()));
        StageResult failure = TestConnections.failedAt(
                CONNECTIONS.open("service_account", properties).check(CheckOptions.defaults()),
                CheckStage.AUTHENTICATE,
                ErrorCategory.AUTHENTICATION);
        assertThat(failure.suspectProperties()).containsExactly("serviceAccountKey");
    }

    @Test
    void refusesJsonThatIsNotAServiceAccountKeyNamingTheProperty() {
        Map<String, Object> properties = CONNECTIONS.serviceAccount();
        properties.put("serviceAccountKey", "{\"type\":\"authorized_user\"}");
        StageResult failure = TestConnections.failedAt(
                CONNECTIONS.open("service_account", properties).check(CheckOptions.defaults()),
                CheckStage.AUTHENTICATE,
                ErrorCategory.AUTHENTICATION);
        assertThat(failure.message())
                .hasValueSatisfying(message -> assertThat(message).contains("serviceAccountKey"));
    }

    @Test
    void exchangesARefreshTokenAtTheOauthEndpointAndQueries() {
        WarehouseClient client = CONNECTIONS.open("oauth", oauth(REFRESH_TOKEN));
        assertThat(client.check(CheckOptions.defaults()).ok()).isTrue();
        assertThat(answer(client)).isEqualTo(1L);
    }

    @Test
    void presentsTheRefreshTokenTheEndpointRotatedAtItsNextRefresh() {
        String rotatingClient = "rotating-" + UUID.randomUUID() + ".apps.googleusercontent.com";
        String token = "refresh-" + UUID.randomUUID();
        CONNECTIONS.fake.auth().registerRefreshToken(rotatingClient, CLIENT_SECRET, token);
        CONNECTIONS.fake.auth().rotateRefreshTokens(rotatingClient);
        Map<String, Object> properties = oauth(token);
        properties.put("clientId", rotatingClient);
        int issuedBefore = CONNECTIONS.fake.auth().refreshTokensIssued();
        // Shorter than google-auth's expiration margin: the client refreshes before every request.
        CONNECTIONS.fake.auth().accessTokenLifetime(60);
        try {
            WarehouseClient client = CONNECTIONS.open("oauth", properties);
            assertThat(answer(client)).isEqualTo(1L);
            assertThat(answer(client)).isEqualTo(1L);
        } finally {
            CONNECTIONS.fake.auth().accessTokenLifetime(3600);
        }
        assertThat(CONNECTIONS.fake.auth().refreshTokensIssued() - issuedBefore).isGreaterThan(1);
        assertThat(CONNECTIONS.fake.auth().replays()).isZero();
    }

    @Test
    void failsTheAuthenticateStageOnARevokedRefreshTokenWithoutPrintingSecrets() {
        String revoked = "revoked-" + UUID.randomUUID();
        CheckReport report = CONNECTIONS.open("oauth", oauth(revoked)).check(CheckOptions.defaults());
        StageResult failure = TestConnections.failedAt(report, CheckStage.AUTHENTICATE, ErrorCategory.AUTHENTICATION);
        assertThat(failure.suspectProperties()).contains("refreshToken");
        assertThat(report.toString() + report.summary()).doesNotContain(revoked).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void queriesWithAViewersAccessTokenAsGiven() {
        String token = "viewer-access-" + UUID.randomUUID();
        CONNECTIONS.fake.auth().acceptAccessToken(token);
        int issuedBefore = CONNECTIONS.fake.auth().tokensIssued();
        WarehouseClient client = CONNECTIONS.open("oauth", accessToken(token));
        assertThat(answer(client)).isEqualTo(1L);
        assertThat(CONNECTIONS.fake.auth().tokensIssued()).isEqualTo(issuedBefore);
    }

    @Test
    void reportsAnUnknownAccessTokenAsAuthenticationWhenBigQueryRefusesIt() {
        String token = "unknown-" + UUID.randomUUID();
        CheckReport report = CONNECTIONS.open("oauth", accessToken(token)).check(CheckOptions.defaults());
        StageResult failure = TestConnections.failedAt(report, CheckStage.REACH_DATABASE, ErrorCategory.AUTHENTICATION);
        assertThat(failure.suspectProperties()).containsExactly("accessToken");
        assertThat(report.toString()).doesNotContain(token);
    }

    @Test
    void requiresTheClientWithARefreshToken() {
        Map<String, Object> properties = oauth(REFRESH_TOKEN);
        properties.remove("clientId");
        properties.remove("clientSecret");
        assertThatThrownBy(() -> CONNECTIONS.open("oauth", properties))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("clientId", "clientSecret"));
    }

    @Test
    void requiresARefreshOrAnAccessToken() {
        Map<String, Object> properties = oauth(REFRESH_TOKEN);
        properties.remove("refreshToken");
        assertThatThrownBy(() -> CONNECTIONS.open("oauth", properties))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("refreshToken");
    }

    @Test
    void exchangesAnExternalSubjectTokenForWorkloadIdentityFederation() {
        CONNECTIONS.fake.auth().subjectToken("subject-" + UUID.randomUUID());
        WarehouseClient client = CONNECTIONS.open("workload_identity_federation", workloadIdentity());
        CheckReport report = client.check(CheckOptions.defaults());
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(answer(client)).isEqualTo(1L);
    }

    @Test
    void failsTheAuthenticateStageWhenTheSecurityTokenServiceRefusesTheSubjectToken() {
        CONNECTIONS.fake.auth().subjectToken("subject-" + UUID.randomUUID());
        WarehouseClient client = CONNECTIONS.open("workload_identity_federation", workloadIdentity());
        CONNECTIONS.fake.auth().subjectToken("rotated-" + UUID.randomUUID());
        // The credential source now hands out a token the exchange no longer knows: only the first matched.
        CONNECTIONS.fake.auth().subjectTokenServed("stale-" + UUID.randomUUID());
        StageResult failure = TestConnections.failedAt(
                client.check(CheckOptions.defaults()), CheckStage.AUTHENTICATE, ErrorCategory.AUTHENTICATION);
        assertThat(failure.suspectProperties()).containsExactly("credentialConfiguration");
    }

    @Test
    void neverRunsAnExecutableCredentialSource() {
        Map<String, Object> properties = workloadIdentity();
        properties.put(
                "credentialConfiguration",
                "{\"type\":\"external_account\",\"audience\":\"a\","
                        + "\"subject_token_type\":\"urn:ietf:params:oauth:token-type:jwt\","
                        + "\"token_url\":\"https://sts.googleapis.com/v1/token\","
                        + "\"credential_source\":{\"executable\":{\"command\":\"/bin/true\"}}}");
        StageResult failure = TestConnections.failedAt(
                CONNECTIONS.open("workload_identity_federation", properties).check(CheckOptions.defaults()),
                CheckStage.AUTHENTICATE,
                ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.message())
                .hasValueSatisfying(message -> assertThat(message).contains("executable"));
    }

    @Test
    void declaresViewerCredentialsForOauthAndWorkloadIdentityOnly() {
        BigQueryProvider provider = new BigQueryProvider();
        assertThat(provider.viewerCredentialProperties("oauth"))
                .extracting(Property::name)
                .containsExactly("refreshToken", "accessToken");
        assertThat(provider.viewerCredentialProperties("workload_identity_federation"))
                .extracting(Property::name)
                .containsExactly("credentialConfiguration");
        assertThatThrownBy(() -> provider.viewerCredentialProperties("service_account"))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED));
    }

    private static Map<String, Object> oauth(String refreshToken) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("clientId", CLIENT_ID);
        properties.put("clientSecret", CLIENT_SECRET);
        properties.put("refreshToken", refreshToken);
        return properties;
    }

    private static Map<String, Object> accessToken(String token) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("accessToken", token);
        return properties;
    }

    private static Map<String, Object> workloadIdentity() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("billingProject", FakeBigQuery.PROJECT);
        properties.put("credentialConfiguration", TestCredentials.externalAccount(CONNECTIONS.fake.auth()));
        return properties;
    }

    private static long answer(WarehouseClient client) {
        try (QueryResult result = client.query(Query.sql("select cast(1 as bigint) as one"))) {
            assertThat(result.next()).isTrue();
            return (Long) result.value(0);
        }
    }
}
