package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.PostgresWire;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one tile through the facade waits on, counted on the wire: the warehouse's tile statement in one round trip (a
 * tile is one row: no cursor, so no {@code BEGIN} and no rollback; no describe once the source's statement is known)
 * after the driver's own bare Sync, and the store's one read for the access check. Before, a tile took four: the
 * {@code BEGIN}, the Sync, the execute and the rollback. The warehouse and the store each sit behind a {@link PostgresWire}.
 */
class PostgresTileRoundTripsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "round-trips-password";
    private static String role;
    private static String database;

    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());
    private final TileSource source =
            TileSource.table(List.of("points"), "geom").featureId("id").properties("name");

    private PostgresWire warehouse;
    private PostgresWire store;
    private HikariDataSource storePool;
    private Connections connections;
    private String id;

    @BeforeAll
    static void points() {
        role = POSTGRES.createRole("tile_trips", PASSWORD);
        database = POSTGRES.createDatabase("tile_trips", true);
        POSTGRES.psql(
                database,
                "create table points (id bigint primary key, name text, geom geometry(Point, 4326));"
                        + " insert into points select g, 'p' || g,"
                        + " ST_SetSRID(ST_MakePoint(-170 + (g % 340), -80 + (g % 160)), 4326)"
                        + " from generate_series(1, 2000) g;"
                        + " create index on points using gist (geom); analyze;"
                        + " grant select on points to \"" + role + "\";");
    }

    @BeforeEach
    void open() {
        warehouse = PostgresWire.to(POSTGRES.port());
        store = PostgresWire.to(POSTGRES.port());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + store.host() + ":" + store.port() + "/"
                + POSTGRES.createDatabase("tile_store", false));
        config.setUsername(POSTGRES.superuser());
        config.setPassword(POSTGRES.superuserPassword());
        config.setMaximumPoolSize(2);
        storePool = new HikariDataSource(config);
        connections = Connections.builder()
                .store(ConnectionStore.postgres(storePool))
                .keys(KeyRing.generate("k1"))
                .providers(Providers.of(new PostgresProvider()))
                .build();
        id = connections
                .create(
                        alice,
                        NewConnection.of("postgres", "tile-round-trips")
                                .authMethod("password")
                                .property("host", warehouse.host())
                                .property("port", warehouse.port())
                                .property("database", database)
                                .property("username", role)
                                .secret("password", PASSWORD)
                                .property("sslMode", "disable"))
                .id();
    }

    @AfterEach
    void close() {
        connections.close();
        storePool.close();
        warehouse.close();
        store.close();
    }

    @Test
    void aTileAfterTheSourcesFirstIsOneRoundTripToTheWarehouseAndOneStoreRead() {
        // The first tile logs in, describes the source's statement once and prepares it on the server.
        connections.tile(alice, id, source, new TileCoordinates(0, 0, 0));
        warehouse.clear();
        store.clear();

        Tile tile = connections.tile(alice, id, source, new TileCoordinates(1, 0, 0));

        assertThat(tile.status()).isEqualTo(Tile.Status.CONTENT);
        assertThat(warehouse.roundTripsOfWork()).satisfiesExactly(PostgresTileRoundTripsTest::driverSync, trip -> {
            assertThat(trip.messages()).filteredOn("E"::equals).hasSize(1);
            assertThat(trip.statements()).singleElement().asString().contains("ST_AsMVT(");
        });
        assertThat(store.roundTripsOfWork()).hasSize(1);
    }

    @Test
    void everyTileOfASourceAfterItsFirstIsOneRoundTripToTheWarehouse() {
        connections.tile(alice, id, source, new TileCoordinates(0, 0, 0));
        warehouse.clear();

        for (int x = 0; x < 4; x++) {
            connections.tile(alice, id, source, new TileCoordinates(2, x, 1));
        }

        assertThat(warehouse.roundTripsOfWork())
                .hasSize(8)
                .filteredOn(trip -> trip.messages().contains("E"))
                .hasSize(4);
        assertThat(warehouse.roundTrips())
                .flatMap(PostgresWire.RoundTrip::statements)
                .doesNotContain("BEGIN", "ROLLBACK", "COMMIT");
    }

    /**
     * A bare Sync that pgjdbc sends before it binds a statement it keeps prepared on the server
     * ({@code prepareThreshold=-1}): the raw driver does the same for the same statement, so it is no cost of the SDK's.
     * pgjdbc may put Close messages before it: a server-prepared statement whose Java object the JVM collected (seen:
     * the pool's {@code SHOW TRANSACTION ISOLATION LEVEL}) is closed with the next message sent, whenever the collector
     * ran, in the same round trip.
     */
    private static void driverSync(PostgresWire.RoundTrip trip) {
        assertThat(trip.messages()).last().isEqualTo("S");
        assertThat(trip.messages().subList(0, trip.messages().size() - 1))
                .allSatisfy(message -> assertThat(message).isEqualTo("C"));
    }
}
