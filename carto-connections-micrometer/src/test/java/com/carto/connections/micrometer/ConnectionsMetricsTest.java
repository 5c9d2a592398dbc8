package com.carto.connections.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.postgres.PostgresProvider;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.PostgresFixture;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The meters of a real PostgreSQL warehouse used through the facade, read from a {@link SimpleMeterRegistry}. */
class ConnectionsMetricsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "canary-secret-" + UUID.randomUUID();
    private static String role;
    private static String database;

    private final Principal alice = Principal.of("usercanary", "acme", Role.EDITOR);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Connections> opened = new ArrayList<>();

    @TempDir
    Path directory;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("metrics", PASSWORD);
        database = POSTGRES.createDatabase("metrics", true);
        POSTGRES.psql(
                database,
                "CREATE TABLE parcels (name text, geom geometry(Point, 4326));"
                        + " INSERT INTO parcels VALUES ('a', 'SRID=4326;POINT(1 2)'), ('b', 'SRID=4326;POINT(3 4)'),"
                        + " ('c', 'SRID=4326;POINT(5 6)');"
                        + " GRANT SELECT ON parcels TO \"" + role + "\"");
    }

    private Connections connections(ConnectionsMetrics metrics) {
        Connections connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .maxQueueWait(Duration.ofMillis(50))
                .observer(metrics)
                .build();
        opened.add(connections);
        metrics.bindTo(connections);
        return connections;
    }

    @AfterEach
    void close() {
        opened.forEach(Connections::close);
    }

    private String create(Connections connections, String name, int maxConcurrentQueries) {
        return connections
                .create(
                        alice,
                        NewConnection.of("postgres", name)
                                .authMethod("password")
                                .property("host", POSTGRES.host())
                                .property("port", POSTGRES.port())
                                .property("database", database)
                                .property("username", role)
                                .secret("password", PASSWORD)
                                .property("sslMode", "disable")
                                .option("maxConcurrentQueries", maxConcurrentQueries))
                .id();
    }

    private static long drain(QueryResult rows) {
        try (rows) {
            while (rows.next()) {
                rows.values();
            }
            return rows.rowCount();
        }
    }

    @Test
    void aQueryIsCountedAndTimedWithTheRowsAndBytesItsCallerRead() {
        Connections connections = connections(ConnectionsMetrics.of(registry));
        String id = create(connections, "counted", 2);

        drain(connections.query(alice, id, Query.sql("select name, geom from parcels")));

        assertThat(registry.get(ConnectionsMetrics.CALLS)
                        .tags("provider", "postgres", "connection", id, "kind", "query", "outcome", "succeeded")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ConnectionsMetrics.ROWS)
                        .tags("connection", id)
                        .counter()
                        .count())
                .isEqualTo(3);
        // Three one-letter names and three 2D points of 21 WKB bytes each.
        assertThat(registry.get(ConnectionsMetrics.BYTES)
                        .tags("connection", id)
                        .counter()
                        .count())
                .isEqualTo(3 * (1 + 21));
    }

    @Test
    void aFailedQueryIsCountedUnderItsErrorCategory() {
        Connections connections = connections(ConnectionsMetrics.of(registry));
        String id = create(connections, "failing", 2);

        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> drain(connections.query(alice, id, Query.sql("select * from no_such_table"))));

        assertThat(registry.get(ConnectionsMetrics.ERRORS)
                        .tags(
                                "connection",
                                id,
                                "kind",
                                "query",
                                "category",
                                failure.category().name())
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aQueryTheRunningLimitTurnsAwayIsCountedAsRejectedWhileTheGaugesShowTheSlotTaken() {
        Connections connections = connections(ConnectionsMetrics.of(registry));
        String id = create(connections, "limited", 1);
        drain(connections.query(alice, id, Query.sql("select 1")));

        try (QueryResult running = connections.query(alice, id, Query.sql("select name from parcels"))) {
            ConnectionException rejected = catchThrowableOfType(
                    ConnectionException.class, () -> connections.query(alice, id, Query.sql("select 1")));
            assertThat(rejected.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
            assertThat(registry.get(ConnectionsMetrics.POOL_ACTIVE)
                            .tags("connection", id)
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(registry.get(ConnectionsMetrics.POOL_IDLE)
                            .tags("connection", id)
                            .gauge()
                            .value())
                    .isEqualTo(0);
        }

        assertThat(registry.get(ConnectionsMetrics.REJECTED)
                        .tags("provider", "postgres", "connection", id)
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ConnectionsMetrics.POOL_ACTIVE)
                        .tags("connection", id)
                        .gauge()
                        .value())
                .isEqualTo(0);
    }

    @Test
    void checkStagesAreCountedByStageAndStatusAndACreationCheckHasNoConnectionId() {
        Connections connections = connections(ConnectionsMetrics.of(registry));
        String id = create(connections, "checked", 2);
        connections.check(alice, id);

        assertThat(registry.get(ConnectionsMetrics.CHECK_STAGES)
                        .tags("connection", id, "stage", "AUTHENTICATE", "status", "PASSED")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ConnectionsMetrics.CHECK_STAGES)
                        .tags("connection", ConnectionsMetrics.UNSTORED, "stage", "SPATIAL_SUPPORT", "status", "PASSED")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void withoutTheConnectionTagEveryMeterIsPerProviderOnly() {
        Connections connections = connections(ConnectionsMetrics.of(registry, false, 1_000));
        String id = create(connections, "untagged", 2);
        drain(connections.query(alice, id, Query.sql("select name from parcels")));
        connections.check(alice, id);

        assertThat(registry.getMeters())
                .isNotEmpty()
                .allSatisfy(
                        meter -> assertThat(meter.getId().getTag("connection")).isNull());
        assertThat(registry.get(ConnectionsMetrics.ROWS)
                        .tags("provider", "postgres")
                        .counter()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void connectionsBeyondTheMostTaggedShareTheOtherTag() {
        Connections connections = connections(ConnectionsMetrics.of(registry, true, 1));
        String first = create(connections, "first", 2);
        String second = create(connections, "second", 2);
        drain(connections.query(alice, first, Query.sql("select 1")));
        drain(connections.query(alice, second, Query.sql("select 1")));
        drain(connections.query(alice, second, Query.sql("select 1")));

        assertThat(registry.get(ConnectionsMetrics.ROWS)
                        .tags("connection", first)
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ConnectionsMetrics.ROWS)
                        .tags("connection", ConnectionsMetrics.OTHER)
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.find(ConnectionsMetrics.ROWS)
                        .tags("connection", second)
                        .counter())
                .isNull();
    }

    @Test
    void noMeterNameOrTagCarriesTheSqlAParameterTheNameAUserOrASecret() throws IOException {
        String sqlCanary = "canary-sql-" + UUID.randomUUID();
        String parameterCanary = "canary-param-" + UUID.randomUUID();
        Connections connections = connections(ConnectionsMetrics.of(registry));
        String id = create(connections, "canaryname", 2);
        try (QueryResult rows = connections.query(
                alice,
                id,
                Query.sql("select '" + sqlCanary + "' as label, geom from parcels where name <> ?")
                        .param(parameterCanary))) {
            rows.writeGeoJson(new ByteArrayOutputStream());
        }
        catchThrowableOfType(
                ConnectionException.class,
                () -> drain(connections.query(
                        alice,
                        id,
                        Query.sql("select * from \"" + sqlCanary + "\" where x = ?")
                                .param(parameterCanary))));
        connections.check(alice, id);

        List<String> texts = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            texts.add(meter.getId().getName());
            for (Tag tag : meter.getId().getTags()) {
                texts.add(tag.getKey() + "=" + tag.getValue());
            }
        }
        assertThat(texts).anyMatch(text -> text.equals("connection=" + id));
        assertThat(String.join("\n", texts))
                .doesNotContain(sqlCanary, parameterCanary, PASSWORD, "canaryname", "usercanary", "select", role);
    }
}
