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
import com.carto.connections.grants.GrantOperation;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.query.Query;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.VectorTileDecoder;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiles and TileJSON through the facade on a real PostgreSQL with PostGIS: the tile built by PostGIS and the tile the
 * SDK encodes from the rows agree feature by feature, in EPSG:4326, 3857 and 27700, at the antimeridian and the poles.
 */
class PostgresTilesTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "tiles-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String role;
    private static String database;

    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());
    private final Principal bob = new Principal("bob", "acme", Role.VIEWER, Set.of("mappers"));

    @TempDir
    Path directory;

    private Connections connections;
    private Connection connection;

    @BeforeAll
    static void warehouse() {
        role = POSTGRES.createRole("tiles", PASSWORD);
        database = POSTGRES.createDatabase("tiles", true);
        POSTGRES.psql(
                database,
                "create table places (id bigint primary key, name text, rank int, score double precision,"
                        + " open boolean, geom geometry(Geometry, 4326));"
                        // A world grid of points, San Francisco's blocks, and shapes at the antimeridian and poles.
                        + " insert into places select g, 'p' || g, g % 7, g / 3.0, g % 2 = 0,"
                        + " ST_SetSRID(ST_MakePoint(-180 + (g % 3600) * 0.1, -84 + (g % 1680) * 0.1), 4326)"
                        + " from generate_series(1, 20000) g;"
                        + " insert into places select 100000 + g, 'sf' || g, g % 5, g * 0.5, true,"
                        + " ST_SetSRID(ST_MakePoint(-122.45 + (g % 50) * 0.002, 37.75 + (g / 50) * 0.002), 4326)"
                        + " from generate_series(0, 2499) g;"
                        + " insert into places (id, name, geom) values"
                        + " (200001, 'line', 'SRID=4326;LINESTRING(-130 30, -110 45, -100 20)'),"
                        + " (200002, 'crossing', 'SRID=4326;LINESTRING(-179 -60, 179 60)'),"
                        + " (200003, 'box', 'SRID=4326;POLYGON((-125 32, -114 32, -114 42, -125 42, -125 32))'),"
                        + " (200004, 'east edge', 'SRID=4326;POLYGON((170 -20, 180 -20, 180 -10, 170 -10, 170 -20))'),"
                        + " (200005, 'west edge', 'SRID=4326;POLYGON((-180 5, -172 5, -172 12, -180 12, -180 5))'),"
                        + " (200006, 'antarctica', 'SRID=4326;POLYGON((-40 -90, 40 -90, 40 -70, -40 -70, -40 -90))'),"
                        + " (200007, 'arctic', 'SRID=4326;POLYGON((-40 75, 40 75, 40 90, -40 90, -40 75))'),"
                        + " (200008, 'beyond the map', 'SRID=4326;POINT(10 89.5)'),"
                        + " (200009, 'at the edge', 'SRID=4326;POINT(179.99 85.0)');"
                        + " create index on places using gist (geom);"
                        + " create table places_3857 as select id, name, rank, ST_Transform(geom, 3857) as geom"
                        + " from places where ST_Y(ST_Centroid(geom)) between -85 and 85;"
                        + " create index on places_3857 using gist (geom);"
                        // British National Grid: the UK's points only, as its projection is for.
                        + " create table places_27700 as select id, name, ST_Transform(geom, 27700) as geom"
                        + " from places where geom && ST_MakeEnvelope(-8, 50, 2, 59, 4326);"
                        + " insert into places_27700 select 300000 + g, 'uk' || g,"
                        + " ST_SetSRID(ST_MakePoint(200000 + (g % 100) * 2000, 100000 + (g / 100) * 2000), 27700)"
                        + " from generate_series(0, 9999) g;"
                        + " create index on places_27700 using gist (geom);"
                        + " analyze; grant select on all tables in schema public to \"" + role + "\";");
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(new PostgresProvider()))
                // The members are who they are in this test: the grant's creator keeps her access.
                .members((organizationId, userId) -> Optional.of(userId.equals("alice") ? alice : bob))
                .build();
        connection = connections.create(
                alice,
                NewConnection.of("postgres", "tiles")
                        .authMethod("password")
                        .property("host", POSTGRES.host())
                        .property("port", POSTGRES.port())
                        .property("database", database)
                        .property("username", role)
                        .secret("password", PASSWORD)
                        .property("sslMode", "disable"));
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void postgisAndTheClientWriteTheSameFeaturesInEveryProjection() {
        Map<String, TileSource> sources = new LinkedHashMap<>();
        sources.put("4326", TileSource.table(List.of("places"), "geom").featureId("id"));
        sources.put(
                "3857",
                TileSource.table(List.of("public", "places_3857"), "geom")
                        .srid(3857)
                        .featureId("id"));
        sources.put(
                "27700",
                TileSource.table(List.of("places_27700"), "geom").srid(27700).featureId("id"));
        List<TileCoordinates> world = List.of(
                new TileCoordinates(0, 0, 0),
                new TileCoordinates(1, 1, 1),
                new TileCoordinates(2, 3, 1),
                new TileCoordinates(2, 0, 1),
                new TileCoordinates(3, 7, 0),
                new TileCoordinates(3, 0, 7),
                new TileCoordinates(5, 15, 10),
                new TileCoordinates(7, 63, 42),
                new TileCoordinates(12, 655, 1582));
        // A projected SRID's envelope is only transformed within its projection's domain: Great Britain's tiles.
        List<TileCoordinates> britain = List.of(
                new TileCoordinates(5, 15, 10),
                new TileCoordinates(6, 31, 20),
                new TileCoordinates(6, 30, 20),
                new TileCoordinates(7, 62, 41),
                new TileCoordinates(8, 125, 83),
                new TileCoordinates(9, 252, 167));
        SoftAssertions softly = new SoftAssertions();
        Map<String, Integer> compared = new LinkedHashMap<>();
        for (Map.Entry<String, TileSource> source : sources.entrySet()) {
            for (TileCoordinates coordinates : source.getKey().equals("27700") ? britain : world) {
                Tile inPostgis = connections.tile(alice, connection.id(), source.getValue(), coordinates);
                Tile inClient = connections.tile(
                        alice, connection.id(), source.getValue().builtByClient(), coordinates);
                String what = "SRID " + source.getKey() + " " + coordinates;
                softly.assertThat(inPostgis.encoder()).as(what).isEqualTo(Tile.Encoder.WAREHOUSE);
                softly.assertThat(inClient.encoder()).as(what).isEqualTo(Tile.Encoder.CLIENT);
                softly.assertThat(inClient.status()).as(what).isEqualTo(inPostgis.status());
                softly.assertThat(inClient.featureCount()).as(what).isEqualTo(inPostgis.featureCount());
                compared.merge(
                        source.getKey(),
                        VectorTileDecoder.assertSameFeatures(softly, what, inPostgis.bytes(), inClient.bytes()),
                        Integer::sum);
            }
        }
        softly.assertThat(compared)
                .as("features compared per SRID")
                .allSatisfy((srid, count) -> assertThat(count).isGreaterThan(100));
        softly.assertAll();
    }

    @Test
    void aTileAtTheAntimeridianHoldsTheShapesThatTouchItsEdge() {
        TileSource source = TileSource.table(List.of("places"), "geom").featureId("id");
        for (TileSource path : List.of(source, source.builtByClient())) {
            Set<Long> east = tileIds(connections.tile(alice, connection.id(), path, new TileCoordinates(3, 7, 4)));
            Set<Long> west = tileIds(connections.tile(alice, connection.id(), path, new TileCoordinates(3, 0, 3)));

            assertThat(east).as(path.isBuiltByClient() ? "client" : "PostGIS").contains(200004L);
            assertThat(west).as(path.isBuiltByClient() ? "client" : "PostGIS").contains(200005L);
        }
    }

    @Test
    void polarShapesFillTheMapsEdgeAndPointsBeyondItAreOnNoTile() {
        TileSource source = TileSource.table(List.of("places"), "geom").featureId("id");
        for (TileSource path : List.of(source, source.builtByClient())) {
            Set<Long> north = tileIds(connections.tile(alice, connection.id(), path, new TileCoordinates(2, 2, 0)));
            Set<Long> south = tileIds(connections.tile(alice, connection.id(), path, new TileCoordinates(2, 2, 3)));
            Set<Long> northEast = tileIds(connections.tile(alice, connection.id(), path, new TileCoordinates(2, 3, 0)));

            String what = path.isBuiltByClient() ? "client" : "PostGIS";
            assertThat(north).as(what).contains(200007L).doesNotContain(200008L);
            assertThat(south).as(what).contains(200006L);
            assertThat(northEast).as(what).contains(200009L);
        }
    }

    @Test
    void propertiesAreOnlyTheListedColumnsWithTheirTypes() {
        TileSource source = TileSource.query(
                        Query.sql("select id, name, rank, score, open, geom from places where id >= ?")
                                .param(100000),
                        "geom")
                .featureId("id")
                .properties("name", "rank", "open")
                .layerName("sf");
        TileCoordinates sanFrancisco = new TileCoordinates(12, 655, 1582);
        for (TileSource path : List.of(source, source.builtByClient())) {
            JsonNode tile = VectorTileDecoder.read(
                    connections.tile(alice, connection.id(), path, sanFrancisco).bytes());
            JsonNode layer = tile.path("layers").get(0);

            assertThat(layer.path("name").asText()).isEqualTo("sf");
            assertThat(JSON.convertValue(layer.path("keys"), List.class))
                    .containsExactlyInAnyOrder("name", "rank", "open");
            Map<String, Object> first =
                    VectorTileDecoder.properties(layer, layer.path("features").get(0));
            assertThat(first).containsOnlyKeys("name", "rank", "open");
            assertThat(first.get("name")).isInstanceOf(String.class);
            assertThat(first.get("rank")).isInstanceOf(Number.class);
            assertThat(first.get("open")).isEqualTo(Boolean.TRUE);
        }
    }

    @Test
    void aTileOutsideTheSourceOrWithNothingOnItSaysSo() {
        TileSource source =
                TileSource.table(List.of("places_27700"), "geom").srid(27700).featureId("id");
        for (TileSource path : List.of(source, source.builtByClient())) {
            Tile pacific = connections.tile(alice, connection.id(), path, new TileCoordinates(6, 2, 30));

            assertThat(pacific.status()).isEqualTo(Tile.Status.NO_CONTENT);
            assertThat(pacific.size()).isZero();
            assertThat(pacific.featureCount()).isZero();
        }
        ConnectionException tooDeep = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(alice, connection.id(), source.zooms(0, 10), new TileCoordinates(11, 0, 0)));
        assertThat(tooDeep.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(tooDeep.getMessage()).contains("z");
    }

    @Test
    void aTileCutAtMaxFeaturesKeepsTheFirstIdsAndSaysItWasCut() {
        TileSource source =
                TileSource.table(List.of("places"), "geom").featureId("id").maxFeatures(100);
        for (TileSource path : List.of(source, source.builtByClient())) {
            Tile tile = connections.tile(alice, connection.id(), path, new TileCoordinates(0, 0, 0));

            assertThat(tile.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
            assertThat(tile.featureCount()).isEqualTo(100);
            assertThat(tileIds(tile)).hasSize(100).first().isEqualTo(1L);
            assertThat(tileIds(tile)).last().isEqualTo(100L);
        }
        Tile whole = connections.tile(
                alice, connection.id(), source.maxFeatures(50_000), new TileCoordinates(12, 655, 1582));
        assertThat(whole.isTruncated()).isFalse();
    }

    @Test
    void aTileOfExactlyMaxFeaturesRowsIsWholeAndOneRowMoreIsCut() {
        // A parameter in the source: PostGIS's look past the cap reads the source again with it.
        TileSource fifty = TileSource.query(
                        Query.sql("select id, geom from places where id <= ?").param(50), "geom")
                .featureId("id");
        TileCoordinates world = new TileCoordinates(0, 0, 0);
        for (TileSource path : List.of(fifty, fifty.builtByClient())) {
            Tile atTheCap = connections.tile(alice, connection.id(), path.maxFeatures(50), world);
            Tile underTheCap = connections.tile(alice, connection.id(), path.maxFeatures(51), world);
            Tile overTheCap = connections.tile(alice, connection.id(), path.maxFeatures(49), world);

            assertThat(atTheCap.isTruncated()).isFalse();
            assertThat(atTheCap.featureCount()).isEqualTo(50);
            assertThat(underTheCap.isTruncated()).isFalse();
            assertThat(underTheCap.featureCount()).isEqualTo(50);
            assertThat(overTheCap.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
            assertThat(tileIds(overTheCap)).hasSize(49).doesNotContain(50L);
        }
    }

    @Test
    void aRowClippedOffTheMapHoldsItsPlaceAmongTheFirstRowsButIsNoFeature() {
        // Point 200008 lies beyond Web Mercator's edge: it is read, and clipped to nothing, on both paths.
        TileSource source = TileSource.query(
                        Query.sql("select id, geom from places where id <= ? or id = ?")
                                .param(49)
                                .param(200008),
                        "geom")
                .featureId("id")
                .maxFeatures(50);
        for (TileSource path : List.of(source, source.builtByClient())) {
            Tile tile = connections.tile(alice, connection.id(), path, new TileCoordinates(0, 0, 0));

            assertThat(tile.isTruncated()).isFalse();
            assertThat(tile.featureCount()).isEqualTo(49);
            assertThat(tileIds(tile)).hasSize(49).doesNotContain(200008L);
        }
    }

    @Test
    void aTileCutAtMaxBytesStaysUnderThemOnBothPaths() {
        TileSource source = TileSource.table(List.of("places"), "geom")
                .featureId("id")
                .properties("name", "score")
                .maxBytes(4096);
        for (TileSource path : List.of(source, source.builtByClient())) {
            Tile tile = connections.tile(alice, connection.id(), path, new TileCoordinates(0, 0, 0));

            assertThat(tile.truncation()).isEqualTo(Tile.Truncation.MAX_BYTES);
            assertThat(tile.size()).isBetween(3000, 4096);
            assertThat(tileIds(tile)).hasSize(tile.featureCount()).first().isEqualTo(1L);
            // PostGIS cannot leave features out to fit: the client path rebuilt the tile.
            assertThat(tile.encoder()).isEqualTo(Tile.Encoder.CLIENT);
        }
    }

    @Test
    void theEntityTagIsTheSameForTheSameBytesAndAnsweredNotModified() {
        TileSource source = TileSource.table(List.of("places"), "geom").featureId("id");
        TileCoordinates coordinates = new TileCoordinates(1, 0, 0);
        Tile first = connections.tile(alice, connection.id(), source, coordinates);
        Tile again = connections.tile(alice, connection.id(), source, coordinates);

        assertThat(again.etag()).isEqualTo(first.etag()).startsWith("\"").endsWith("\"");
        assertThat(again.bytes()).isEqualTo(first.bytes());
        Tile notModified = connections.tile(alice, connection.id(), source, coordinates, "\"x\", W/" + first.etag());
        assertThat(notModified.status()).isEqualTo(Tile.Status.NOT_MODIFIED);
        assertThat(notModified.size()).isZero();
        assertThat(connections
                        .tile(alice, connection.id(), source, coordinates, "\"other\"")
                        .status())
                .isEqualTo(Tile.Status.CONTENT);
        Tile other = connections.tile(alice, connection.id(), source, new TileCoordinates(1, 1, 0));
        assertThat(other.etag()).isNotEqualTo(first.etag());
        assertThat(first.cacheControl()).isEqualTo("private, max-age=300");
    }

    @Test
    void everyTileChecksAccessAgain() {
        TileSource source = TileSource.table(List.of("places"), "geom");
        connections.share(alice, connection.id(), Sharing.groups("mappers"), false);
        assertThat(connections
                        .tile(bob, connection.id(), source, new TileCoordinates(0, 0, 0))
                        .status())
                .isEqualTo(Tile.Status.CONTENT);

        connections.share(alice, connection.id(), Sharing.PRIVATE, true);

        assertThat(catchThrowableOfType(
                                ConnectionException.class,
                                () -> connections.tile(bob, connection.id(), source, new TileCoordinates(0, 0, 0)))
                        .category())
                .isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void theTileAfterAGroupIsTakenOffTheSharingIsRefused() {
        TileSource source = TileSource.table(List.of("places"), "geom");
        connections.share(alice, connection.id(), Sharing.groups("mappers"), false);
        for (int tile = 0; tile < 3; tile++) {
            assertThat(connections
                            .tile(bob, connection.id(), source, new TileCoordinates(0, 0, 0))
                            .status())
                    .isEqualTo(Tile.Status.CONTENT);
        }

        connections.share(alice, connection.id(), Sharing.groups("others"), true);

        assertThat(catchThrowableOfType(
                                ConnectionException.class,
                                () -> connections.tile(bob, connection.id(), source, new TileCoordinates(0, 0, 0)))
                        .category())
                .isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void theTileAfterAnEditOrARotatedPasswordUsesTheNewVersion() {
        String rotating = POSTGRES.createRole("tiles_rotating", "first-password");
        String other = POSTGRES.createDatabase("tiles_other", true);
        POSTGRES.psql(
                other,
                "create table places (id bigint primary key, geom geometry(Geometry, 4326));"
                        + " insert into places values (1, 'SRID=4326;POINT(1 1)');"
                        + " grant select on places to \"" + rotating + "\";");
        POSTGRES.psql(database, "grant select on places to \"" + rotating + "\"");
        Connection own = connections.create(
                alice,
                NewConnection.of("postgres", "rotating")
                        .authMethod("password")
                        .property("host", POSTGRES.host())
                        .property("port", POSTGRES.port())
                        .property("database", database)
                        .property("username", rotating)
                        .secret("password", "first-password")
                        .property("sslMode", "disable"));
        TileSource source = TileSource.table(List.of("places"), "geom");
        TileCoordinates world = new TileCoordinates(0, 0, 0);
        assertThat(connections.tile(alice, own.id(), source, world).featureCount())
                .isGreaterThan(1);

        Connection edited = connections.update(
                alice, own.id(), ConnectionChanges.none().property("database", other), own.version());

        assertThat(connections.tile(alice, own.id(), source, world).featureCount())
                .isEqualTo(1);

        // The old password stops working and its sessions end: a client of the edited version could not log in again.
        POSTGRES.psql(
                "postgres",
                "alter role \"" + rotating + "\" password 'second-password';"
                        + " select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + rotating
                        + "';");
        connections.update(
                alice, own.id(), ConnectionChanges.none().secret("password", "second-password"), edited.version());

        assertThat(connections.tile(alice, own.id(), source, world).featureCount())
                .isEqualTo(1);
    }

    @Test
    void aColumnThatIsNotAGeometryOrAnIdThatIsNotAnIntegerIsNamed() {
        ConnectionException notGeometry = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        alice,
                        connection.id(),
                        TileSource.table(List.of("places"), "name").builtByClient(),
                        new TileCoordinates(0, 0, 0)));
        ConnectionException notInteger = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tileJson(
                        alice,
                        connection.id(),
                        TileSource.table(List.of("places"), "geom").featureId("name"),
                        "https://maps.example/{z}/{x}/{y}.mvt"));

        assertThat(notGeometry.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(notGeometry.getMessage()).contains("geometryColumn", "name");
        assertThat(notInteger.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(notInteger.getMessage()).contains("featureId");
    }

    @Test
    void tileJsonDescribesTheLayerTypesBoundsAndLimits() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(
                        alice,
                        connection.id(),
                        TileSource.query(
                                        Query.sql("select * from places where id >= ?")
                                                .param(100000),
                                        "geom")
                                .featureId("id")
                                .properties("name", "rank", "score", "open")
                                .layerName("sf")
                                .zooms(2, 16),
                        "https://maps.example/tiles/{z}/{x}/{y}.mvt")
                .toJson());

        assertThat(tileJson.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(tileJson.path("tiles").get(0).asText()).isEqualTo("https://maps.example/tiles/{z}/{x}/{y}.mvt");
        assertThat(tileJson.path("minzoom").asInt()).isEqualTo(2);
        assertThat(tileJson.path("maxzoom").asInt()).isEqualTo(16);
        JsonNode layer = tileJson.path("vector_layers").get(0);
        assertThat(layer.path("id").asText()).isEqualTo("sf");
        assertThat(JSON.convertValue(layer.path("fields"), Map.class))
                .containsExactly(
                        Map.entry("name", "String"),
                        Map.entry("rank", "Number"),
                        Map.entry("score", "Number"),
                        Map.entry("open", "Boolean"));
        // San Francisco's blocks and the lines and shapes added after them (ids from 200001).
        assertThat(tileJson.path("bounds").get(0).asDouble()).isEqualTo(-180.0);
        assertThat(tileJson.path("bounds").get(3).asDouble())
                .isCloseTo(85.0511, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(tileJson.path("carto_limits").path("max_features_per_tile").asInt())
                .isEqualTo(50_000);
    }

    @Test
    void tileJsonBoundsAreTheSourcesExtentInDegrees() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(
                        alice,
                        connection.id(),
                        TileSource.query(Query.sql("select * from places where id between 100000 and 199999"), "geom"),
                        "https://maps.example/{z}/{x}/{y}")
                .toJson());

        assertThat(JSON.convertValue(tileJson.path("bounds"), double[].class))
                .containsExactly(
                        new double[] {-122.45, 37.75, -122.352, 37.848}, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aTokenWhoseGrantAllowsTilesGetsTheGrantedTablesTileWithTheRequestedColumnsAsProperties() {
        IssuedGrant issued = connections.createGrant(
                alice,
                connection.id(),
                new NewGrant(
                        List.of(GrantSource.Table.of(List.of("places"), "id", "name", "geom")),
                        Set.of(GrantOperation.TILES),
                        Set.of(),
                        Instant.now().plus(Duration.ofHours(1))));
        TileCoordinates sanFrancisco = new TileCoordinates(12, 655, 1582);
        TokenCall call =
                TokenCall.of("acme", issued.token(), SourceRequest.TableRead.of(List.of("places"), "name", "geom"));

        Tile tile = connections.tile(call, "geom", sanFrancisco);

        JsonNode layer = VectorTileDecoder.read(tile.bytes()).path("layers").get(0);
        assertThat(layer.path("features").size()).isEqualTo(tile.featureCount()).isGreaterThan(100);
        assertThat(JSON.convertValue(layer.path("keys"), List.class)).containsExactly("name");
        assertThat(tile.encoder()).isEqualTo(Tile.Encoder.WAREHOUSE);
    }

    @Test
    void aTokenIsDeniedTilesItsGrantDoesNotAllowOrOfColumnsItDoesNotGrant() {
        IssuedGrant queryOnly = connections.createGrant(
                alice,
                connection.id(),
                NewGrant.query(
                        Instant.now().plus(Duration.ofHours(1)),
                        GrantSource.Table.of(List.of("places"), "id", "name", "geom")));
        IssuedGrant tiles = connections.createGrant(
                alice,
                connection.id(),
                new NewGrant(
                        List.of(GrantSource.Table.of(List.of("places"), "name", "geom")),
                        Set.of(GrantOperation.TILES),
                        Set.of(),
                        Instant.now().plus(Duration.ofHours(1))));
        TileCoordinates world = new TileCoordinates(0, 0, 0);

        ConnectionException notForTiles = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        TokenCall.of(
                                "acme",
                                queryOnly.token(),
                                SourceRequest.TableRead.of(List.of("places"), "name", "geom")),
                        "geom",
                        world));
        ConnectionException ungrantedColumn = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        TokenCall.of(
                                "acme", tiles.token(), SourceRequest.TableRead.of(List.of("places"), "score", "geom")),
                        "geom",
                        world));
        ConnectionException geometryNotRequested = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        TokenCall.of("acme", tiles.token(), SourceRequest.TableRead.of(List.of("places"), "name")),
                        "geom",
                        world));

        for (ConnectionException denied : List.of(notForTiles, ungrantedColumn, geometryNotRequested)) {
            assertThat(denied.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
            assertThat(denied.getMessage()).isEqualTo(notForTiles.getMessage());
        }
    }

    private static Set<Long> tileIds(Tile tile) {
        return VectorTileDecoder.featureIds(tile.status() == Tile.Status.CONTENT ? tile.bytes() : new byte[0]);
    }
}
