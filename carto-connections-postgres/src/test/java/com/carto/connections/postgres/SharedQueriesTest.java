package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.Connection;
import com.carto.connections.ConnectionChanges;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.PostgresFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sharing and the query operations of the facade against a real PostgreSQL with PostGIS. */
class SharedQueriesTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "shared-password";
    private static String role;
    private static String database;

    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());
    private final Principal bob = new Principal("bob", "acme", Role.VIEWER, Set.of("analysts"));
    private final Principal carol = new Principal("carol", "acme", Role.EDITOR, Set.of("finance"));

    @TempDir
    Path directory;

    private Connections connections;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("shared", PASSWORD);
        database = POSTGRES.createDatabase("shared", true);
        POSTGRES.psql(
                database,
                "create table parcels (id int, zone text, geom geometry(Point, 4326));"
                        + " insert into parcels select i, case when i % 2 = 0 then 'R1' else 'C2' end,"
                        + " ST_SetSRID(ST_MakePoint(i, -i), 4326) from generate_series(1, 10) i;"
                        + " grant select on parcels to \"" + role + "\"; grant create on database \"" + database
                        + "\" to \"" + role + "\";");
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                .maxQueueWait(Duration.ofMillis(200))
                .build();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    private Connection created(String name, int maxConcurrentQueries) {
        return connections.create(
                alice,
                NewConnection.of("postgres", name)
                        .authMethod("password")
                        .property("host", POSTGRES.host())
                        .property("port", POSTGRES.port())
                        .property("database", database)
                        .property("username", role)
                        .secret("password", PASSWORD)
                        .property("sslMode", "disable")
                        .option("maxConcurrentQueries", maxConcurrentQueries));
    }

    @Test
    void aGroupMemberQueriesAConnectionSharedWithTheirGroup() {
        Connection shared = connections
                .share(alice, created("gis", 4).id(), Sharing.groups("analysts"), false)
                .connection();

        List<Object> zones = new ArrayList<>();
        try (QueryResult rows = connections.query(
                bob,
                shared.id(),
                Query.sql("select zone from parcels where id <= ? order by id").param(3))) {
            while (rows.next()) {
                zones.add(rows.value("zone"));
            }
        }

        assertThat(zones).containsExactly("C2", "R1", "C2");
        assertThat(catchThrowableOfType(
                                ConnectionException.class,
                                () -> connections.query(carol, shared.id(), Query.sql("select 1")))
                        .category())
                .isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void aGroupMemberBrowsesTheCatalogAndLosesItWhenTheSharingNarrows() {
        Connection shared = connections
                .share(alice, created("gis", 4).id(), Sharing.groups("analysts"), false)
                .connection();
        var catalog = connections.catalog(bob, shared.id());

        assertThat(catalog.tables(database, "public", PageRequest.first(10).nameContains("parcel"))
                        .items())
                .extracting(table -> table.name())
                .containsExactly("parcels");

        connections.share(alice, shared.id(), Sharing.PRIVATE, true);

        assertThat(catchThrowableOfType(
                                ConnectionException.class, () -> catalog.schemas(database, PageRequest.first(10)))
                        .category())
                .isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void callersBeyondTheRunningLimitAndItsQueueFailAtOnceWithLimitExceeded() {
        Connection connection = created("busy", 1);
        try (QueryResult holding = connections.query(alice, connection.id(), Query.sql("select id from parcels"))) {
            assertThat(holding.next()).isTrue();

            ConnectionException failure = catchThrowableOfType(
                    ConnectionException.class, () -> connections.query(alice, connection.id(), Query.sql("select 1")));

            assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
        }
        try (QueryResult after = connections.query(alice, connection.id(), Query.sql("select 1"))) {
            assertThat(after.next()).isTrue();
        }
    }

    @Test
    void anUpdatedConnectionsOldPoolClosesOnceItsRunningResultIsClosed() {
        Connection connection = created("updated", 4);
        QueryResult running =
                connections.query(alice, connection.id(), Query.sql("select id from parcels order by id"));
        assertThat(running.next()).isTrue();

        connections.update(
                alice, connection.id(), ConnectionChanges.none().option("queryTimeout", "5m"), connection.version());
        try (QueryResult fresh = connections.query(alice, connection.id(), Query.sql("select 1"))) {
            assertThat(fresh.next()).isTrue();
        }
        assertThat(connections.clientMetrics().openClients()).isEqualTo(2);
        assertThat(running.next()).isTrue();

        running.close();

        assertThat(connections.clientMetrics().openClients()).isEqualTo(1);
    }

    @Test
    void writesAQueryBackIntoTheTempLocationAndDropsIt() {
        Connection connection = created("writer", 4);

        connections.createTable(
                alice,
                connection.id(),
                List.of("r1_parcels"),
                Query.sql("select * from parcels where zone = ?").param("R1"));

        try (QueryResult rows =
                connections.query(alice, connection.id(), Query.sql("select count(*) from carto_temp.r1_parcels"))) {
            assertThat(rows.next()).isTrue();
            assertThat(((Number) rows.value(0)).longValue()).isEqualTo(5);
        }
        connections.dropTable(alice, connection.id(), List.of("r1_parcels"));
        assertThat(POSTGRES.psql(
                        database, "select count(*) from information_schema.tables where table_name = 'r1_parcels'"))
                .isEqualTo("0");
    }
}
