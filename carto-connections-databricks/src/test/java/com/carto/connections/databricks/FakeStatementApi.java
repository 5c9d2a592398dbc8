package com.carto.connections.databricks;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw calls to the fake's statement execution API, for the tests of the fake's own rules. */
final class FakeStatementApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final StatementExecutionFake fake;
    private final String session;

    FakeStatementApi(StatementExecutionFake fake) throws IOException, InterruptedException {
        this.fake = fake;
        ObjectNode body = JSON.createObjectNode()
                .put("warehouse_id", DatabricksProviderTest.WAREHOUSE)
                .put("catalog", "main");
        this.session = call("POST", "/api/2.0/sql/sessions/", body)
                .body()
                .path("session_id")
                .asText();
    }

    /** A reply's status and JSON body. */
    record Reply(int status, JsonNode body) {}

    /** Posts a statement that waits for its result (wait_timeout 10 s) in the given format and disposition. */
    Reply execute(String sql, String format, String disposition) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("statement", sql)
                .put("warehouse_id", DatabricksProviderTest.WAREHOUSE)
                .put("session_id", session)
                .put("format", format)
                .put("disposition", disposition)
                .put("wait_timeout", "10s");
        return call("POST", "/api/2.0/sql/statements/", body);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return call("GET", path, null);
    }

    private Reply call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fake.port() + path))
                .header("Authorization", "Bearer " + DatabricksProviderTest.TOKEN)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    /** Downloads an external link, with or without an Authorization header; returns the status. */
    int download(String url, boolean withToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (withToken) {
            request.header("Authorization", "Bearer " + DatabricksProviderTest.TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
