package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.testing.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The fake token endpoint is as strict as the service: the rules the SDK must meet, each seen refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakeOAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRINCIPAL = "sp-id";
    private static final String SECRET = "sp-secret";
    private static final String APP = "app-id";

    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();

    FakeOAuthTest() {
        fake.oauth()
                .servicePrincipal(PRINCIPAL, SECRET)
                .app(APP, Optional.empty())
                .clock(clock);
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void issuesAnExpiringBearerTokenForClientCredentialsWithoutARefreshToken() throws Exception {
        HttpResponse<String> response = token(basic(PRINCIPAL, SECRET), "grant_type=client_credentials&scope=all-apis");
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void refusesAWrongSecretInBasicAsInvalidClientWithAChallenge() throws Exception {
        HttpResponse<String> response =
                token(basic(PRINCIPAL, "wrong"), "grant_type=client_credentials&scope=all-apis");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response)).isEqualTo("invalid_client");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void acceptsTheClientCredentialsInTheForm() throws Exception {
        HttpResponse<String> response = token(
                null,
                "grant_type=client_credentials&scope=all-apis&client_id=" + PRINCIPAL + "&client_secret=" + SECRET);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesTwoClientAuthenticationMethodsAtOnce() throws Exception {
        HttpResponse<String> response =
                token(basic(PRINCIPAL, SECRET), "grant_type=client_credentials&scope=all-apis&client_secret=" + SECRET);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("invalid_request");
    }

    @Test
    void refusesClientCredentialsWithoutTheAllApisScope() throws Exception {
        HttpResponse<String> response = token(basic(PRINCIPAL, SECRET), "grant_type=client_credentials");
        assertThat(error(response)).isEqualTo("invalid_scope");
    }

    @Test
    void refusesAnUnknownGrantType() throws Exception {
        HttpResponse<String> response = token(basic(PRINCIPAL, SECRET), "grant_type=password&scope=all-apis");
        assertThat(error(response)).isEqualTo("unsupported_grant_type");
    }

    @Test
    void refusesARepeatedParameter() throws Exception {
        HttpResponse<String> response =
                token(basic(PRINCIPAL, SECRET), "grant_type=client_credentials&scope=all-apis&scope=all-apis");
        assertThat(error(response)).isEqualTo("invalid_request");
    }

    @Test
    void rotatesRefreshTokensAndRefusesTheSpentOne() throws Exception {
        String first = fake.oauth().issueRefreshToken("alice", APP);
        HttpResponse<String> refreshed =
                token(null, "grant_type=refresh_token&client_id=" + APP + "&refresh_token=" + first);
        String second = JSON.readTree(refreshed.body()).path("refresh_token").asText();

        HttpResponse<String> again =
                token(null, "grant_type=refresh_token&client_id=" + APP + "&refresh_token=" + first);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(second).isNotEmpty().isNotEqualTo(first);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(error(again)).isEqualTo("invalid_grant");
        assertThat(fake.oauth().refreshTokenActive(second)).isTrue();
    }

    @Test
    void refusesARefreshTokenIssuedToAnotherClient() throws Exception {
        fake.oauth().app("other-app", Optional.empty());
        String token = fake.oauth().issueRefreshToken("alice", "other-app");
        HttpResponse<String> response =
                token(null, "grant_type=refresh_token&client_id=" + APP + "&refresh_token=" + token);
        assertThat(error(response)).isEqualTo("invalid_grant");
    }

    @Test
    void refusesGet() throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(endpoint()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void theStatementApiRefusesAnAccessTokenOnceItExpired() throws Exception {
        String accessToken = JSON.readTree(
                        token(basic(PRINCIPAL, SECRET), "grant_type=client_credentials&scope=all-apis")
                                .body())
                .path("access_token")
                .asText();
        int before = sessions(accessToken);
        clock.advance(Duration.ofHours(1));
        int after = sessions(accessToken);
        assertThat(before).isEqualTo(200);
        assertThat(after).isEqualTo(401);
    }

    private int sessions(String accessToken) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fake.port() + "/api/2.0/sql/sessions/"))
                                .header("Authorization", "Bearer " + accessToken)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"catalog\":\"main\",\"warehouse_id\":\""
                                        + DatabricksProviderTest.WAREHOUSE + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + fake.port() + "/oidc/v1/token");
    }

    private HttpResponse<String> token(String authorization, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String error(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("error").asText();
    }
}
