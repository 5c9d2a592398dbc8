package com.carto.connections.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.ConnectionEvent;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.PostgresFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** A test application on the starter, started for real, on an embedded store, serving a real PostgreSQL with PostGIS. */
class StarterEndToEndTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "starter-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String role;
    private static String database;

    private final Principal alice = Principal.of("alice", "acme", Role.EDITOR);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @TempDir
    Path directory;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("starter", PASSWORD);
        database = POSTGRES.createDatabase("starter", true);
        POSTGRES.psql(
                database,
                "CREATE TABLE parcels (name text, geom geometry(Point, 4326));"
                        + " INSERT INTO parcels VALUES ('a', 'SRID=4326;POINT(1 2)'), ('b', 'SRID=4326;POINT(3 4)');"
                        + " GRANT SELECT ON parcels TO \"" + role + "\"");
    }

    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext context = SpringApplication.run(
                StarterTestApplication.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--carto.connections.embedded-directory=" + directory.resolve("store"),
                "--carto.connections.drain-timeout=10s",
                "--management.endpoints.web.exposure.include=health,metrics",
                "--management.endpoint.health.show-details=always");
        started.add(context);
        return context;
    }

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    private String createShared(Connections connections) {
        String id = connections
                .create(
                        alice,
                        NewConnection.of("postgres", "parcels")
                                .authMethod("password")
                                .property("host", POSTGRES.host())
                                .property("port", POSTGRES.port())
                                .property("database", database)
                                .property("username", role)
                                .secret("password", PASSWORD)
                                .property("sslMode", "disable"))
                .id();
        connections.share(alice, id, Sharing.organization(), true);
        return id;
    }

    private HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("X-User", "bob")
                        .header("X-Organization", "acme")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesAMapLayerAsGeoJsonThroughTheSdk() throws Exception {
        ConfigurableApplicationContext context = start();
        String id = createShared(context.getBean(Connections.class));

        HttpResponse<String> response = get(context, "/connections/" + id + "/parcels.geojson");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/geo+json"));
        assertThat(response.body())
                .contains("\"type\":\"FeatureCollection\"")
                .contains("\"coordinates\":[1.0,2.0]")
                .contains("\"coordinates\":[3.0,4.0]");
    }

    @Test
    void healthReachesTheStoreWithoutCheckingAnyConnection() throws Exception {
        ConfigurableApplicationContext context = start();
        createShared(context.getBean(Connections.class));
        StarterTestApplication.EVENTS.clear();

        for (int poll = 0; poll < 3; poll++) {
            HttpResponse<String> health = get(context, "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode component = JSON.readTree(health.body()).path("components").path("cartoConnections");
            assertThat(component.path("status").asText()).isEqualTo("UP");
        }

        assertThat(StarterTestApplication.EVENTS)
                .extracting(ConnectionEvent::type)
                .doesNotContain(ConnectionEvent.Type.CHECKED);
    }

    @Test
    void exposesTheSdksMetersThroughTheActuator() throws Exception {
        ConfigurableApplicationContext context = start();
        String id = createShared(context.getBean(Connections.class));
        get(context, "/connections/" + id + "/parcels.geojson");

        HttpResponse<String> rows = get(context, "/actuator/metrics/carto.connections.query.rows");

        assertThat(rows.statusCode())
                .as("meters: %s", get(context, "/actuator/metrics").body())
                .isEqualTo(200);
        JsonNode measurements = JSON.readTree(rows.body()).path("measurements");
        assertThat(measurements.findValuesAsText("statistic")).contains("COUNT");
        assertThat(measurements
                        .get(measurements.findValuesAsText("statistic").indexOf("COUNT"))
                        .path("value")
                        .asDouble())
                .isEqualTo(2.0);
    }

    @Test
    void shutdownWaitsForARunningQueryThenClosesTheConnections() throws Exception {
        ConfigurableApplicationContext context = start();
        Connections connections = context.getBean(Connections.class);
        String id = createShared(connections);
        QueryResult rows = connections.query(alice, id, Query.sql("select name from parcels order by name"));

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(context::close);
        Thread.sleep(500);
        assertThat(shutdown).isNotDone();
        assertThat(rows.next()).isTrue();
        assertThat(rows.value(0)).isEqualTo("a");
        rows.close();

        shutdown.get(10, TimeUnit.SECONDS);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> connections.query(alice, id, Query.sql("select 1"))))
                .isInstanceOf(ConnectionException.class);
    }
}
