package com.carto.connections.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PostgresFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application started through its own configuration (Tomcat on a loopback port, an embedded store), used
 * over HTTP only, against the test PostgreSQL with PostGIS.
 */
class MapLayersApplicationTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "map-layers-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // The application is shared by the tests; connection names are unique in an organization.
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path directory;

    private static String role;
    private static String database;
    private static ConfigurableApplicationContext application;

    @BeforeAll
    static void startTheApplicationBesideAWarehouse() {
        role = POSTGRES.createRole("layers", PASSWORD);
        database = POSTGRES.createDatabase("layers", true);
        POSTGRES.psql(
                database,
                "CREATE TABLE parcels (name text, geom geometry(Point, 4326));"
                        + " INSERT INTO parcels VALUES ('a', 'SRID=4326;POINT(1 2)'), ('b', 'SRID=4326;POINT(3 4)');"
                        + " GRANT SELECT ON parcels TO \"" + role + "\"");
        application = SpringApplication.run(
                MapLayersApplication.class,
                "--server.port=0",
                "--carto.connections.embedded-directory=" + directory.resolve("store"));
    }

    @AfterAll
    static void stopTheApplication() {
        if (application != null) {
            application.close();
        }
    }

    private static HttpResponse<String> send(String user, HttpRequest.Builder request) throws Exception {
        return HTTP.send(
                request.header("X-User", user).header("X-Organization", "acme").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        String port = application.getEnvironment().getProperty("local.server.port");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static HttpResponse<String> register(String name, String host) throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("name", name)
                .put("host", host)
                .put("port", POSTGRES.port())
                .put("database", database)
                .put("username", role)
                .put("password", PASSWORD)
                .put("sslMode", "disable");
        return send(
                "alice",
                at("/connections")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private static String registered() throws Exception {
        HttpResponse<String> response = register("parcels-" + NAMES.incrementAndGet(), POSTGRES.host());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    @Test
    void aColleagueGetsTheParcelsAsAGeoJsonFeatureCollection() throws Exception {
        String id = registered();

        HttpResponse<String> response = send("bob", at("/connections/" + id + "/parcels.geojson"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/geo+json"));
        JsonNode collection = JSON.readTree(response.body());
        assertThat(collection.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(collection.path("features").findValuesAsText("name")).containsExactly("a", "b");
        assertThat(collection.path("features").get(1).path("geometry").toString())
                .isEqualTo("{\"type\":\"Point\",\"coordinates\":[3.0,4.0]}");
    }

    @Test
    void anUnknownConnectionIsNotFound() throws Exception {
        HttpResponse<String> response = send("bob", at("/connections/no-such-connection/parcels.geojson"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("category").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aConnectionWithoutAHostIsRefusedNamingTheFieldAndNeverTheSecret() throws Exception {
        HttpResponse<String> response = register("no-host", "");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("category").asText()).isEqualTo("INVALID_CONFIGURATION");
        assertThat(error.path("message").asText()).contains("host").doesNotContain(PASSWORD);
    }

    @Test
    void aSecondConnectionOfTheSameNameIsAConflict() throws Exception {
        assertThat(register("twice", POSTGRES.host()).statusCode()).isEqualTo(201);

        HttpResponse<String> response = register("twice", POSTGRES.host());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(response.body()).path("category").asText()).isEqualTo("CONFLICT");
    }

    @Test
    void healthIsUpWithTheConnectionsStore() throws Exception {
        HttpResponse<String> response = send("monitor", at("/actuator/health"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components")
                        .path("cartoConnections")
                        .path("status")
                        .asText())
                .isEqualTo("UP");
    }

    @Test
    void theMetricsEndpointCountsTheRowsServed() throws Exception {
        String id = registered();
        double before = rowsServed();

        assertThat(send("bob", at("/connections/" + id + "/parcels.geojson")).statusCode())
                .isEqualTo(200);

        assertThat(rowsServed() - before).isEqualTo(2.0);
        List<String> names = new ArrayList<>();
        JSON.readTree(send("monitor", at("/actuator/metrics")).body())
                .path("names")
                .forEach(name -> names.add(name.asText()));
        assertThat(names).contains("carto.connections.query.rows", "carto.connections.calls");
    }

    /** The COUNT of the rows meter, 0 before the first query registers it. */
    private static double rowsServed() throws Exception {
        HttpResponse<String> response = send("monitor", at("/actuator/metrics/carto.connections.query.rows"));
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode measurement : JSON.readTree(response.body()).path("measurements")) {
            if (measurement.path("statistic").asText().equals("COUNT")) {
                return measurement.path("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + response.body());
    }
}
