package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the fake types and reads binds, on the wire: the type a bare {@code ?} gets is the bind's, and binds the service
 * would refuse are refused, also those the driver never sends wrong.
 */
class FakeSnowflakeBindsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().user("TESTER", "secret");

    private final HttpClient http = HttpClient.newHttpClient();
    private String token;

    @BeforeEach
    void logIn() throws Exception {
        String body = JSON.writeValueAsString(
                Map.of("data", Map.of("ACCOUNT_NAME", "TESTACCT", "LOGIN_NAME", "tester", "PASSWORD", "secret")));
        token = post("/session/v1/login-request", body, null)
                .path("data")
                .path("token")
                .asText();
        assertThat(token).isNotEmpty();
    }

    @Test
    void typesABareMarkAsANumberOfTheFixedBindsScale() throws Exception {
        JsonNode data = select(Map.of("type", "FIXED", "value", "12.345")).path("data");
        assertThat(data.path("rowtype").get(0).path("type").asText()).isEqualTo("fixed");
        assertThat(data.path("rowtype").get(0).path("scale").asInt()).isEqualTo(3);
        assertThat(data.path("rowset").get(0).get(0).asText()).isEqualTo("12.345");
    }

    @Test
    void typesABareMarkAsADateFromADateBindInMillisecondsSinceTheEpoch() throws Exception {
        LocalDate date = LocalDate.of(2024, 2, 29);
        long millis = date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        JsonNode data =
                select(Map.of("type", "DATE", "value", Long.toString(millis))).path("data");
        assertThat(data.path("rowtype").get(0).path("type").asText()).isEqualTo("date");
        assertThat(data.path("rowset").get(0).get(0).asText()).isEqualTo(Long.toString(date.toEpochDay()));
    }

    @Test
    void typesABareMarkAsTextFromATextBindEvenWhenItSpellsANumber() throws Exception {
        JsonNode data = select(Map.of("type", "TEXT", "value", "42")).path("data");
        assertThat(data.path("rowtype").get(0).path("type").asText()).isEqualTo("text");
    }

    @Test
    void describesAnUnboundMarkAsText() throws Exception {
        String body = JSON.writeValueAsString(Map.of("sqlText", "select ? as \"v\"", "describeOnly", true));
        JsonNode data = post("/queries/v1/query-request", body, token).path("data");
        assertThat(data.path("rowtype").get(0).path("type").asText()).isEqualTo("text");
    }

    @Test
    void refusesABindOfATypeTheServiceDoesNotKnow() throws Exception {
        JsonNode answer = select(Map.of("type", "NUMBER", "value", "1"));
        assertThat(answer.path("success").asBoolean()).isFalse();
        assertThat(answer.path("code").asText()).isEqualTo("002040");
        assertThat(answer.path("data").path("sqlState").asText()).isEqualTo("42601");
    }

    @Test
    void refusesAValueItsBindTypeCannotRead() throws Exception {
        JsonNode answer = select(Map.of("type", "FIXED", "value", "twelve"));
        assertThat(answer.path("code").asText()).isEqualTo("100038");
    }

    @Test
    void refusesBindsNumberedWithAGap() throws Exception {
        String body = JSON.writeValueAsString(Map.of(
                "sqlText",
                "select ? as \"a\", ? as \"b\"",
                "bindings",
                Map.of("1", Map.of("type", "TEXT", "value", "x"), "3", Map.of("type", "TEXT", "value", "y"))));
        assertThat(post("/queries/v1/query-request", body, token).path("code").asText())
                .isEqualTo("002049");
    }

    private JsonNode select(Map<String, String> bind) throws Exception {
        String body = JSON.writeValueAsString(Map.of("sqlText", "select ? as \"v\"", "bindings", Map.of("1", bind)));
        return post("/queries/v1/query-request", body, token);
    }

    private JsonNode post(String path, String body, String sessionToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + FAKE.port() + path + "?requestId=" + UUID.randomUUID()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionToken != null) {
            request.header("Authorization", "Snowflake Token=\"" + sessionToken + "\"");
        }
        return JSON.readTree(
                http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
