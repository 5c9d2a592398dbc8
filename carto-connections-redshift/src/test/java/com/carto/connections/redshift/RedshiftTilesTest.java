package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.query.Query;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.VectorTileDecoder;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiles and TileJSON through the facade, the real driver and the proxy, against the PostGIS stand-in: the SDK encodes
 * each tile from the rows Redshift's bounding-box filter finds, and the features are compared one by one with the tile
 * PostGIS's own {@code ST_AsMVT} draws from the same table, run beside the provider as the superuser.
 */
class RedshiftTilesTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MERCATOR_DEGREES =
            "ST_MakeEnvelope(-180, -85.0511287798066, 180, 85.0511287798066, 4326)";
    private static String database;

    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());

    @TempDir
    Path directory;

    private Connections connections;
    private Connection connection;

    @BeforeAll
    static void warehouse() {
        database = RedshiftStandIn.createDatabase("redshift_tiles", true);
        POSTGRES.psql(
                database,
                "create table places (id bigint primary key, name varchar(40), rank int, score double precision,"
                        + " open boolean, geom geometry(Geometry, 4326));"
                        + " insert into places select g, 'p' || g, g % 7, g / 3.0, g % 2 = 0,"
                        + " ST_SetSRID(ST_MakePoint(-180 + (g % 360) * 1.0 + 0.37, -84 + (g % 168) * 1.0 + 0.41), 4326)"
                        + " from generate_series(1, 3000) g;"
                        + " insert into places select 100000 + g, 'sf' || g, g % 5, g * 0.5, true,"
                        + " ST_SetSRID(ST_MakePoint(-122.45 + (g % 20) * 0.005, 37.75 + (g / 20) * 0.005), 4326)"
                        + " from generate_series(0, 399) g;"
                        + " insert into places (id, name, geom) values"
                        + " (200001, 'line', 'SRID=4326;LINESTRING(-130 30, -110 45, -100 20)'),"
                        + " (200002, 'crossing', 'SRID=4326;LINESTRING(-179 -60, 179 60)'),"
                        + " (200003, 'box', 'SRID=4326;POLYGON((-125 32, -114 32, -114 42, -125 42, -125 32))'),"
                        + " (200004, 'east edge', 'SRID=4326;POLYGON((170 -20, 180 -20, 180 -10, 170 -10, 170 -20))'),"
                        + " (200005, 'arctic', 'SRID=4326;POLYGON((-40 75, 40 75, 40 90, -40 90, -40 75))'),"
                        // Redshift refuses ST_Intersects on a collection: the box filter must not.
                        + " (200006, 'collection', 'SRID=4326;GEOMETRYCOLLECTION(POINT(-120 35), LINESTRING(-121 36, -119 37))'),"
                        + " (200007, 'nothing', null);"
                        + " create table places_3857 as select id, name, ST_Transform(geom, 3857) as geom from places"
                        + " where ST_Y(ST_Centroid(geom)) between -85 and 85 and GeometryType(geom) <> 'GEOMETRYCOLLECTION';"
                        + " create table places_27700 as select 300000 + g as id, 'uk' || g as name,"
                        + " ST_SetSRID(ST_MakePoint(200000 + (g % 50) * 4000 + 17, 100000 + (g / 50) * 4000 + 23), 27700)"
                        + " as geom from generate_series(0, 2499) g;"
                        + " grant all on database " + database + " to " + RedshiftStandIn.role() + ";"
                        + " grant all on schema public to " + RedshiftStandIn.role() + ";"
                        + " grant select on all tables in schema public to " + RedshiftStandIn.role() + ";");
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(RedshiftStandIn.provider()))
                .build();
        NewConnection newConnection = NewConnection.of("redshift", "tiles").authMethod("password");
        Map<String, Object> properties = RedshiftStandIn.passwordProperties();
        properties.put("database", database);
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            newConnection = property.getKey().equals("password")
                    ? newConnection.secret("password", (String) property.getValue())
                    : newConnection.property(property.getKey(), property.getValue());
        }
        connection = connections.create(alice, newConnection);
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void aTileInDegreesHoldsTheFeaturesPostgisDrawsForIt() {
        TileSource source = TileSource.table(List.of("places"), "geom").featureId("id");
        List<TileCoordinates> tiles = List.of(
                new TileCoordinates(0, 0, 0),
                new TileCoordinates(1, 0, 0),
                new TileCoordinates(2, 0, 1),
                new TileCoordinates(3, 7, 4),
                new TileCoordinates(4, 2, 6),
                new TileCoordinates(12, 655, 1582));
        SoftAssertions softly = new SoftAssertions();
        int compared = 0;
        for (TileCoordinates coordinates : tiles) {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);
            softly.assertThat(tile.encoder()).as(coordinates.toString()).isEqualTo(Tile.Encoder.CLIENT);
            String drawn = "ST_Transform(ST_ClipByBox2D(geom, " + MERCATOR_DEGREES + "), 3857)";
            compared += VectorTileDecoder.assertSameFeatures(
                    softly, coordinates.toString(), postgisTile("places", drawn, coordinates), tile.bytes());
        }
        softly.assertThat(compared).as("features compared").isGreaterThan(1000);
        softly.assertAll();
    }

    @Test
    void aTileOfAWebMercatorSourceHoldsTheFeaturesPostgisDrawsForIt() {
        TileSource source = TileSource.table(List.of("public", "places_3857"), "geom")
                .srid(3857)
                .featureId("id");
        SoftAssertions softly = new SoftAssertions();
        int compared = 0;
        for (TileCoordinates coordinates :
                List.of(new TileCoordinates(0, 0, 0), new TileCoordinates(2, 0, 1), new TileCoordinates(3, 7, 4))) {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);
            compared += VectorTileDecoder.assertSameFeatures(
                    softly, coordinates.toString(), postgisTile("places_3857", "geom", coordinates), tile.bytes());
        }
        softly.assertThat(compared).as("features compared").isGreaterThan(1000);
        softly.assertAll();
    }

    @Test
    void aTileOfAProjectedSourceFindsItsRowsWithTheEnvelopeMovedIntoTheirSrid() {
        TileSource source =
                TileSource.table(List.of("places_27700"), "geom").srid(27700).featureId("id");
        SoftAssertions softly = new SoftAssertions();
        int compared = 0;
        for (TileCoordinates coordinates : List.of(
                new TileCoordinates(6, 31, 20), new TileCoordinates(7, 62, 41), new TileCoordinates(8, 125, 83))) {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);
            String drawn = "ST_Transform(geom, 3857)";
            compared += VectorTileDecoder.assertSameFeatures(
                    softly, coordinates.toString(), postgisTile("places_27700", drawn, coordinates), tile.bytes());
        }
        softly.assertThat(compared).as("features compared").isGreaterThan(100);
        softly.assertAll();
    }

    @Test
    void aGeometryCollectionIsFoundAndDrawn() {
        Tile tile = connections.tile(
                alice,
                connection.id(),
                TileSource.table(List.of("places"), "geom").featureId("id"),
                new TileCoordinates(5, 5, 12));

        assertThat(tileIds(tile)).contains(200006L, 200001L, 200003L);
    }

    @Test
    void aTileWithNothingOnItIsNoContent() {
        Tile pacific = connections.tile(
                alice,
                connection.id(),
                TileSource.table(List.of("places_27700"), "geom").srid(27700).featureId("id"),
                new TileCoordinates(6, 2, 30));

        assertThat(pacific.status()).isEqualTo(Tile.Status.NO_CONTENT);
        assertThat(pacific.size()).isZero();
        assertThat(pacific.featureCount()).isZero();
    }

    @Test
    void aTileCutAtMaxFeaturesKeepsTheFirstIdsAndSaysItWasCut() {
        Tile tile = connections.tile(
                alice,
                connection.id(),
                TileSource.table(List.of("places"), "geom").featureId("id").maxFeatures(100),
                new TileCoordinates(0, 0, 0));

        assertThat(tile.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
        assertThat(tile.featureCount()).isEqualTo(100);
        assertThat(tileIds(tile)).hasSize(100).first().isEqualTo(1L);
        assertThat(tileIds(tile)).last().isEqualTo(100L);
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
        JsonNode layer = VectorTileDecoder.read(connections
                        .tile(alice, connection.id(), source, new TileCoordinates(12, 655, 1582))
                        .bytes())
                .path("layers")
                .get(0);

        assertThat(layer.path("name").asText()).isEqualTo("sf");
        assertThat(JSON.convertValue(layer.path("keys"), List.class)).containsExactlyInAnyOrder("name", "rank", "open");
        Map<String, Object> first =
                VectorTileDecoder.properties(layer, layer.path("features").get(0));
        assertThat(first).containsOnlyKeys("name", "rank", "open");
        assertThat(first.get("name")).asString().startsWith("sf");
        assertThat(first.get("rank")).isInstanceOf(Number.class);
        assertThat(first.get("open")).isEqualTo(Boolean.TRUE);
    }

    @Test
    void tileJsonDescribesTheLayerTypesAndTheSourcesExtentInDegrees() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(
                        alice,
                        connection.id(),
                        TileSource.query(
                                        Query.sql("select * from places where id between ? and 199999")
                                                .param(100000),
                                        "geom")
                                .featureId("id")
                                .properties("name", "rank", "score", "open")
                                .layerName("sf")
                                .zooms(2, 16),
                        "https://maps.example/tiles/{z}/{x}/{y}.mvt")
                .toJson());

        assertThat(tileJson.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(tileJson.path("minzoom").asInt()).isEqualTo(2);
        assertThat(tileJson.path("maxzoom").asInt()).isEqualTo(16);
        assertThat(JSON.convertValue(tileJson.path("vector_layers").get(0).path("fields"), Map.class))
                .containsExactly(
                        Map.entry("name", "String"),
                        Map.entry("rank", "Number"),
                        Map.entry("score", "Number"),
                        Map.entry("open", "Boolean"));
        assertThat(JSON.convertValue(tileJson.path("bounds"), double[].class))
                .containsExactly(new double[] {-122.45, 37.75, -122.355, 37.845}, Offset.offset(1e-9));
    }

    @Test
    void tileJsonBoundsOfAProjectedSourceAreInDegrees() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(
                        alice,
                        connection.id(),
                        TileSource.table(List.of("places_27700"), "geom").srid(27700),
                        "https://maps.example/{z}/{x}/{y}")
                .toJson());
        double[] expected = JSON.readValue(
                "["
                        + POSTGRES.psql(
                                database,
                                "select concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) from"
                                        + " (select ST_Extent(ST_Transform(geom, 4326)) as e from places_27700) x")
                        + "]",
                double[].class);

        assertThat(JSON.convertValue(tileJson.path("bounds"), double[].class))
                .containsExactly(expected, Offset.offset(1e-9));
    }

    /** PostGIS's own tile of the table, {@code drawn} being its geometry in EPSG:3857. */
    private static byte[] postgisTile(String table, String drawn, TileCoordinates coordinates) {
        String envelope = "ST_TileEnvelope(" + coordinates.z() + ", " + coordinates.x() + ", " + coordinates.y() + ")";
        String hex = POSTGRES.psql(
                database,
                "select encode(ST_AsMVT(drawn, 'default', 4096, 'geom', 'id'), 'hex') from (select ST_AsMVTGeom("
                        + drawn + ", " + envelope + ", 4096, 64, true) as geom, id from " + table
                        + ") drawn where geom is not null");
        return HexFormat.of().parseHex(hex);
    }

    private static Set<Long> tileIds(Tile tile) {
        return VectorTileDecoder.featureIds(tile.status() == Tile.Status.CONTENT ? tile.bytes() : new byte[0]);
    }
}
