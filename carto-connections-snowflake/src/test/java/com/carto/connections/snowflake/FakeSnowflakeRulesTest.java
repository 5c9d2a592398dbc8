package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fake's own rules, on the wire: what the driver never sends wrong, so only a raw request can show the fake
 * refuses it as the service would.
 */
class FakeSnowflakeRulesTest {
    private static final KeyPair KEY = TestKeys.rsa();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeSnowflake FAKE =
            new FakeSnowflake().keyUser("KEYUSER", KEY.getPublic()).oauthClient("client", "client-secret");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesAQueryWithoutASessionToken() throws Exception {
        JsonNode answer = post("/queries/v1/query-request", "{\"sqlText\":\"select 1\"}", null);
        assertThat(answer.path("success").asBoolean()).isFalse();
        assertThat(answer.path("code").asText()).isEqualTo("390104");
        assertThat(answer.path("data").path("sqlState").asText()).isNotEmpty();
    }

    @Test
    void refusesAQueryWithAnUnknownSessionToken() throws Exception {
        JsonNode answer =
                post("/queries/v1/query-request", "{\"sqlText\":\"select 1\"}", "Snowflake Token=\"made-up\"");
        assertThat(answer.path("code").asText()).isEqualTo("390104");
    }

    @Test
    void acceptsAWellFormedJwt() throws Exception {
        long now = Instant.now().getEpochSecond();
        JsonNode answer = login(jwt(issuer(), "TESTACCT.KEYUSER", now, now + 60));
        assertThat(answer.path("success").asBoolean()).as(answer.toString()).isTrue();
    }

    @Test
    void refusesAnExpiredJwt() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertThat(login(jwt(issuer(), "TESTACCT.KEYUSER", now - 120, now - 60))
                        .path("code")
                        .asText())
                .isEqualTo("390144");
    }

    @Test
    void refusesAJwtValidForMoreThanAnHour() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertThat(login(jwt(issuer(), "TESTACCT.KEYUSER", now, now + 3_601))
                        .path("code")
                        .asText())
                .isEqualTo("390144");
    }

    @Test
    void refusesAJwtWhoseIssuerNamesAnotherKey() throws Exception {
        long now = Instant.now().getEpochSecond();
        String other =
                "TESTACCT.KEYUSER." + FakeSnowflake.fingerprint(TestKeys.rsa().getPublic());
        assertThat(login(jwt(other, "TESTACCT.KEYUSER", now, now + 60))
                        .path("code")
                        .asText())
                .isEqualTo("390144");
    }

    @Test
    void refusesAJwtForAnotherSubject() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertThat(login(jwt(issuer(), "TESTACCT.OTHER", now, now + 60))
                        .path("code")
                        .asText())
                .isEqualTo("390144");
    }

    @Test
    void refusesARequestWithoutARequestId() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + FAKE.port() + "/session/heartbeat"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void refusesATokenRequestWithAWrongClientSecret() throws Exception {
        String token = FAKE.issueRefreshToken("alice", "client");
        HttpResponse<String> response = refresh("client", "not-the-secret", token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_client");
    }

    @Test
    void refusesARefreshTokenOfAnotherClient() throws Exception {
        FAKE.oauthClient("other", "other-secret");
        String token = FAKE.issueRefreshToken("alice", "client");
        HttpResponse<String> response = refresh("other", "other-secret", token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_grant");
    }

    @Test
    void revokesTheWholeFamilyWhenARotatedOutRefreshTokenComesBack() throws Exception {
        FAKE.rotateRefreshTokens(true);
        try {
            String first = FAKE.issueRefreshToken("alice", "client");
            String second = JSON.readTree(
                            refresh("client", "client-secret", first).body())
                    .path("refresh_token")
                    .asText();
            assertThat(FAKE.refreshTokenActive(second)).isTrue();
            assertThat(refresh("client", "client-secret", first).statusCode()).isEqualTo(400);
            assertThat(FAKE.refreshTokenActive(second)).isFalse();
        } finally {
            FAKE.rotateRefreshTokens(false);
        }
    }

    @Test
    void refusesAnOAuthLoginWithAnUnknownAccessToken() throws Exception {
        String body = JSON.writeValueAsString(
                Map.of("data", Map.of("ACCOUNT_NAME", "TESTACCT", "AUTHENTICATOR", "OAUTH", "TOKEN", "made-up")));
        assertThat(post("/session/v1/login-request", body, null).path("code").asText())
                .isEqualTo("390303");
    }

    private HttpResponse<String> refresh(String clientId, String clientSecret, String refreshToken) throws Exception {
        String basic =
                Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + FAKE.port() + "/oauth/token-request"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=refresh_token&refresh_token=" + refreshToken))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String issuer() throws Exception {
        return "TESTACCT.KEYUSER." + FakeSnowflake.fingerprint(KEY.getPublic());
    }

    private JsonNode login(String token) throws Exception {
        String body = JSON.writeValueAsString(Map.of(
                "data",
                Map.of(
                        "ACCOUNT_NAME", "TESTACCT",
                        "LOGIN_NAME", "keyuser",
                        "AUTHENTICATOR", "SNOWFLAKE_JWT",
                        "TOKEN", token)));
        return post("/session/v1/login-request", body, null);
    }

    private static String jwt(String issuer, String subject, long issued, long expiry) throws Exception {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = encoder.encodeToString(
                JSON.writeValueAsBytes(Map.of("iss", issuer, "sub", subject, "iat", issued, "exp", expiry)));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(KEY.getPrivate());
        signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + encoder.encodeToString(signer.sign());
    }

    private JsonNode post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + FAKE.port() + path + "?requestId=" + UUID.randomUUID()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return JSON.readTree(
                http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
