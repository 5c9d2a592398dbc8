package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.testing.VectorTileDecoder;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Tiles and TileJSON through the facade and the real driver against the fake, which runs the dialect's
 * {@code st_intersects} filter on its engine. The features expected on each tile come from the test's own model of
 * the table: every geometry projected to Web Mercator by JTS and intersected with the tile's buffered square.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksTilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GEOMETRIES = new GeometryFactory();
    private static final double RADIUS = 6_378_137.0;
    private static final Map<Long, String> SHAPES = Map.of(
            200001L, "LINESTRING(-130 30, -110 45, -100 20)",
            200002L, "LINESTRING(-179 -60, 179 60)",
            200003L, "POLYGON((-125 32, -114 32, -114 42, -125 42, -125 32))",
            200004L, "POLYGON((170 -20, 180 -20, 180 -10, 170 -10, 170 -20))",
            200005L, "GEOMETRYCOLLECTION(POINT(-120 35), LINESTRING(-121 36, -119 37))");

    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());
    private final Map<Long, Geometry> model = new LinkedHashMap<>();
    private Path directory;
    private Connections connections;
    private Connection connection;

    DatabricksTilesTest() throws ParseException {
        StringBuilder shapes = new StringBuilder();
        for (Map.Entry<Long, String> shape : SHAPES.entrySet()) {
            shapes.append(", (")
                    .append(shape.getKey())
                    .append(", 's")
                    .append(shape.getKey())
                    .append("', 0, 0, true, 'SRID=4326;")
                    .append(shape.getValue())
                    .append("')");
            model.put(shape.getKey(), new WKTReader(GEOMETRIES).read(shape.getValue()));
        }
        fake.execute(
                "main",
                "create schema if not exists tiles_test; drop table if exists tiles_test.places;"
                        + " drop table if exists tiles_test.places_3857;"
                        + " create table tiles_test.places (id bigint, name varchar, `rank` int, score double,"
                        + " `open` boolean, g geometry);"
                        + " insert into tiles_test.places select x, concat('p', x), mod(x, 7), x / 3.0, mod(x, 2) = 0,"
                        + " cast(concat('SRID=4326;POINT(', -180 + mod(x, 360) + 0.37, ' ', -84 + mod(x, 168) + 0.41,"
                        + " ')') as geometry) from (select id as x from carto_range(1, 3001)) grid;"
                        + " insert into tiles_test.places select 100000 + x, concat('sf', x), mod(x, 5), x * 0.5, true,"
                        + " cast(concat('SRID=4326;POINT(', -122.45 + mod(x, 20) * 0.005, ' ', 37.75 + (x / 20) * 0.005,"
                        + " ')') as geometry) from (select id as x from carto_range(0, 400)) blocks;"
                        + " insert into tiles_test.places values (200006, 'nothing', 0, 0, false, null)" + shapes + ";"
                        + " create table tiles_test.places_3857 as select id, name, carto_st_transform(g, 3857) as g"
                        + " from tiles_test.places where id < 200000;");
        for (long g = 1; g <= 3000; g++) {
            model.put(g, point(-180 + g % 360 + 0.37, -84 + g % 168 + 0.41));
        }
        for (long g = 0; g < 400; g++) {
            model.put(100000 + g, point(-122.45 + (g % 20) * 0.005, 37.75 + (g / 20) * 0.005));
        }
    }

    @BeforeEach
    void open() throws Exception {
        directory = Files.createTempDirectory("databricks-tiles");
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(DatabricksProviderTest.provider(fake)))
                .build();
        connection = connections.create(
                alice,
                NewConnection.of("databricks", "tiles")
                        .authMethod("token")
                        .property("host", DatabricksProviderTest.WORKSPACE)
                        .property("httpPath", "/sql/1.0/warehouses/" + DatabricksProviderTest.WAREHOUSE)
                        .property("catalog", "main")
                        .secret("token", DatabricksProviderTest.TOKEN));
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void aTileInDegreesHoldsEveryFeatureThatMeetsItsBufferedSquare() {
        TileSource source =
                TileSource.table(List.of("tiles_test", "places"), "g").featureId("id");
        for (TileCoordinates coordinates : List.of(
                new TileCoordinates(0, 0, 0),
                new TileCoordinates(1, 0, 0),
                new TileCoordinates(2, 0, 1),
                new TileCoordinates(3, 7, 4),
                new TileCoordinates(4, 2, 6),
                new TileCoordinates(5, 5, 12),
                new TileCoordinates(12, 655, 1582))) {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);

            assertThat(tile.encoder()).isEqualTo(Tile.Encoder.CLIENT);
            assertThat(tileIds(tile))
                    .as(coordinates.toString())
                    .isNotEmpty()
                    .isEqualTo(expected(coordinates, Long.MAX_VALUE));
        }
        assertThat(fake.statements())
                .anySatisfy(
                        sql -> assertThat(sql).contains("st_intersects(`g`, st_geomfromtext('POLYGON((", "', 4326))"));
    }

    @Test
    void aTileOfAWebMercatorSourceHoldsTheSameFeatures() {
        TileSource source = TileSource.table(List.of("tiles_test", "places_3857"), "g")
                .srid(3857)
                .featureId("id");
        for (TileCoordinates coordinates : List.of(
                new TileCoordinates(0, 0, 0), new TileCoordinates(2, 0, 1), new TileCoordinates(12, 655, 1582))) {
            Tile tile = connections.tile(alice, connection.id(), source, coordinates);

            assertThat(tileIds(tile)).as(coordinates.toString()).isNotEmpty().isEqualTo(expected(coordinates, 200000));
        }
        assertThat(fake.statements())
                .anySatisfy(
                        sql -> assertThat(sql).contains("st_intersects(`g`, st_geomfromtext('POLYGON((", "', 3857))"));
    }

    @Test
    void aTileWithNothingOnItIsNoContent() {
        TileCoordinates empty = new TileCoordinates(10, 100, 100);
        assertThat(expected(empty, Long.MAX_VALUE)).isEmpty();

        Tile tile =
                connections.tile(alice, connection.id(), TileSource.table(List.of("tiles_test", "places"), "g"), empty);

        assertThat(tile.status()).isEqualTo(Tile.Status.NO_CONTENT);
        assertThat(tile.size()).isZero();
    }

    @Test
    void aTileCutAtMaxFeaturesKeepsTheFirstIdsAndSaysItWasCut() {
        Tile tile = connections.tile(
                alice,
                connection.id(),
                TileSource.table(List.of("tiles_test", "places"), "g")
                        .featureId("id")
                        .maxFeatures(100),
                new TileCoordinates(0, 0, 0));

        assertThat(tile.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
        assertThat(tile.featureCount()).isEqualTo(100);
        assertThat(tileIds(tile)).hasSize(100).first().isEqualTo(1L);
        assertThat(tileIds(tile)).last().isEqualTo(100L);
    }

    @Test
    void propertiesAreOnlyTheListedColumnsWithTheirTypes() {
        TileSource source = TileSource.query(
                        Query.sql("select id, name, `rank`, score, `open`, g from tiles_test.places where id >= ?")
                                .param(100000L),
                        "g")
                .featureId("id")
                .properties("name", "rank", "open")
                .layerName("sf");
        JsonNode layer = VectorTileDecoder.read(connections
                        .tile(alice, connection.id(), source, new TileCoordinates(12, 655, 1582))
                        .bytes())
                .path("layers")
                .get(0);

        assertThat(layer.path("name").asText()).isEqualTo("sf");
        assertThat(JSON.convertValue(layer.path("keys"), String[].class))
                .containsExactlyInAnyOrder("name", "rank", "open");
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
                                        Query.sql("select * from tiles_test.places where id between ? and 199999")
                                                .param(100000L),
                                        "g")
                                .featureId("id")
                                .properties("name", "rank", "score", "open")
                                .layerName("sf")
                                .zooms(2, 16),
                        "https://maps.example/tiles/{z}/{x}/{y}.mvt")
                .toJson());

        assertThat(tileJson.path("minzoom").asInt()).isEqualTo(2);
        Map<String, String> fields = new LinkedHashMap<>();
        tileJson.path("vector_layers")
                .get(0)
                .path("fields")
                .fields()
                .forEachRemaining(
                        field -> fields.put(field.getKey(), field.getValue().asText()));
        assertThat(fields)
                .containsExactly(
                        Map.entry("name", "String"),
                        Map.entry("rank", "Number"),
                        Map.entry("score", "Number"),
                        Map.entry("open", "Boolean"));
        assertThat(JSON.convertValue(tileJson.path("bounds"), double[].class))
                .containsExactly(new double[] {-122.45, 37.75, -122.355, 37.845}, Offset.offset(1e-9));
    }

    @Test
    void tileJsonBoundsOfAWebMercatorSourceAreInDegrees() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(
                        alice,
                        connection.id(),
                        TileSource.table(List.of("tiles_test", "places_3857"), "g")
                                .srid(3857),
                        "https://maps.example/{z}/{x}/{y}")
                .toJson());

        // The grid's points: longitudes -179.63 to 179.37, latitudes -83.59 to 83.41.
        assertThat(JSON.convertValue(tileJson.path("bounds"), double[].class))
                .containsExactly(new double[] {-179.63, -83.59, 179.37, 83.41}, Offset.offset(1e-6));
    }

    @Test
    void aSourceInAnotherSridIsRefusedNamingTheSrid() {
        ConnectionException refused = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        alice,
                        connection.id(),
                        TileSource.table(List.of("tiles_test", "places"), "g").srid(27700),
                        new TileCoordinates(0, 0, 0)));

        assertThat(refused.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(refused.getMessage()).contains("srid", "27700");
    }

    /** The model's ids (below {@code below}) whose geometry in Web Mercator meets the tile's buffered square. */
    private Set<Long> expected(TileCoordinates coordinates, long below) {
        Envelope square = coordinates.mercatorEnvelope(4096, 64);
        Geometry tile = GEOMETRIES.toGeometry(square);
        Set<Long> ids = new TreeSet<>();
        for (Map.Entry<Long, Geometry> feature : model.entrySet()) {
            if (feature.getKey() < below && mercator(feature.getValue()).intersects(tile)) {
                ids.add(feature.getKey());
            }
        }
        return ids;
    }

    private static Geometry mercator(Geometry degrees) {
        Geometry moved = degrees.copy();
        moved.apply((Coordinate coordinate) -> {
            coordinate.x = Math.toRadians(coordinate.x) * RADIUS;
            coordinate.y = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(coordinate.y) / 2)) * RADIUS;
        });
        moved.geometryChanged();
        return moved;
    }

    private static Geometry point(double x, double y) {
        return GEOMETRIES.createPoint(new Coordinate(x, y));
    }

    private static Set<Long> tileIds(Tile tile) {
        return VectorTileDecoder.featureIds(tile.status() == Tile.Status.CONTENT ? tile.bytes() : new byte[0]);
    }
}
