package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.VectorTileDecoder;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * Tiles and TileJSON of a BigQuery connection through the facade, against the fake: the SDK encodes the tile from the
 * rows BigQuery finds with {@code ST_INTERSECTSBOX}, whose geodesic semantics the fake evaluates.
 */
class BigQueryTilesTest {
    @RegisterExtension
    static final TestConnections FAKE = new TestConnections();

    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PLACES = List.of(FakeBigQuery.PROJECT, "maps", "places");

    @TempDir
    Path directory;

    private Connections connections;
    private String id;

    @BeforeAll
    static void warehouse() {
        FAKE.fake.engine().createDataset("maps", "US");
        FAKE.fake
                .engine()
                .h2("create table \"maps\".\"places\" (id bigint, name varchar, rank int, score double precision,"
                        + " open boolean, geom geometry);"
                        // A grid of 400 points in South America, ids in a shuffled order of insertion.
                        + " insert into \"maps\".\"places\" select 400 - \"X\", 'p' || (400 - \"X\"), mod(\"X\", 7), \"X\" / 4.0,"
                        + " mod(\"X\", 2) = 0, st_geogpoint(-60 + mod(\"X\", 20), -20 + \"X\" / 20) from system_range(0, 399);"
                        + " insert into \"maps\".\"places\" values"
                        + " (1001, 'a', 1, 0.5, true, st_geogfromtext('POINT(45 -10)')),"
                        + " (1002, 'b', 2, 1.5, false, st_geogfromtext('POINT(135 -10)')),"
                        + " (1003, 'box', 3, 2.5, true,"
                        + " st_geogfromtext('POLYGON((45 -10, 90 -10, 90 -30, 45 -30, 45 -10))')),"
                        + " (2001, 'east edge', 4, 3.5, true,"
                        + " st_geogfromtext('POLYGON((170 -20, 180 -20, 180 -10, 170 -10, 170 -20))')),"
                        + " (2002, 'on the antimeridian', 5, 4.5, true, st_geogfromtext('POINT(180 -15)'));"
                        // The shorter great circle from 179° to -179° crosses the antimeridian, not Africa.
                        + " create table \"maps\".\"crossings\" (id bigint, geom geometry);"
                        + " insert into \"maps\".\"crossings\" values"
                        + " (3001, st_geogfromtext('LINESTRING(179 -30, -179 -30)')),"
                        + " (3002, st_geogfromtext('POINT(20 -30)'));"
                        + " create table \"maps\".\"nothing\" (id bigint, geom geometry);"
                        + " create table \"maps\".\"poles\" (id bigint, geom geometry);"
                        + " insert into \"maps\".\"poles\" values"
                        + " (4001, st_geogfromtext('POLYGON((0 -89, 10 -89, 10 89, 0 89, 0 -89))'))");
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(FAKE.provider))
                .build();
        NewConnection draft = NewConnection.of("bigquery", "maps").authMethod("service_account");
        for (Map.Entry<String, Object> property : FAKE.serviceAccount().entrySet()) {
            draft = property.getKey().equals("serviceAccountKey")
                    ? draft.secret(property.getKey(), (String) property.getValue())
                    : draft.property(property.getKey(), property.getValue());
        }
        id = connections.create(ALICE, draft).id();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void aTileHoldsTheFeaturesOnItWhereTheyWereInserted() {
        Tile tile = connections.tile(
                ALICE, id, TileSource.table(PLACES, "geom").featureId("id"), new TileCoordinates(1, 1, 1));

        assertThat(tile.status()).isEqualTo(Tile.Status.CONTENT);
        assertThat(tile.encoder()).isEqualTo(Tile.Encoder.CLIENT);
        Map<Long, JsonNode> features = VectorTileDecoder.featuresById(VectorTileDecoder.read(tile.bytes()));
        assertThat(features).containsOnlyKeys(1001L, 1002L, 1003L, 2001L, 2002L);
        // Tile 1/1/1 spans 0° to 180° east and the equator to the south edge of the map, 4096 units each way.
        assertThat(VectorTileDecoder.geometry(features.get(1001L)).getCoordinate().x)
                .isEqualTo(1024);
        assertThat(VectorTileDecoder.geometry(features.get(1001L)).getCoordinate().y)
                .isCloseTo(unitsSouthOfTheEquator(-10, 1), within(1.0));
        assertThat(VectorTileDecoder.geometry(features.get(1002L)).getCoordinate().x)
                .isEqualTo(3072);
        Envelope box = VectorTileDecoder.geometry(features.get(1003L)).getEnvelopeInternal();
        assertThat(box.getMinX()).isEqualTo(1024);
        assertThat(box.getMaxX()).isEqualTo(2048);
        assertThat(box.getMinY()).isCloseTo(unitsSouthOfTheEquator(-10, 1), within(1.0));
        assertThat(box.getMaxY()).isCloseTo(unitsSouthOfTheEquator(-30, 1), within(1.0));
        assertThat(VectorTileDecoder.geometry(features.get(2002L)).getCoordinate().x)
                .isEqualTo(4096);
    }

    @Test
    void aTileWithNothingOnItHasNoContent() {
        Tile pacific = connections.tile(
                ALICE, id, TileSource.table(PLACES, "geom").featureId("id"), new TileCoordinates(6, 2, 30));

        assertThat(pacific.status()).isEqualTo(Tile.Status.NO_CONTENT);
        assertThat(pacific.size()).isZero();
        assertThat(pacific.featureCount()).isZero();
    }

    @Test
    void theTileAtTheAntimeridianHoldsTheShapesThatTouchIt() {
        TileSource source = TileSource.table(PLACES, "geom").featureId("id");

        Set<Long> east = ids(connections.tile(ALICE, id, source, new TileCoordinates(3, 7, 4)));

        // 1002 is on the tile's west edge, at 135° east.
        assertThat(east).containsExactlyInAnyOrder(1002L, 2001L, 2002L);
    }

    @Test
    void anEdgeAcrossTheAntimeridianIsNotOnTheTilesBetweenItsEnds() {
        TileSource source = TileSource.table(List.of(FakeBigQuery.PROJECT, "maps", "crossings"), "geom")
                .featureId("id");

        // Drawn straight in degrees, the line would cross this tile (0° to 45° east, 0° to 41° south) from end to end.
        Set<Long> africa = ids(connections.tile(ALICE, id, source, new TileCoordinates(3, 4, 4)));

        assertThat(africa).containsExactly(3002L);
    }

    @Test
    void theBoxFilterMeetsAShapeTouchingOneEightyFromMinusOneEighty() {
        try (QueryResult result = FAKE.serviceAccountClient()
                .query(Query.sql("select id, st_intersectsbox(geom, -180, -16, -179, -14) as west,"
                        + " st_intersectsbox(geom, -179, -16, -178, -14) as beyond"
                        + " from `" + FakeBigQuery.PROJECT + ".maps.places` where id in (2001, 2002) order by id"))) {
            for (long expected : new long[] {2001, 2002}) {
                assertThat(result.next()).isTrue();
                assertThat(result.longValue(0)).isEqualTo(expected);
                assertThat(result.value(1)).as("%s from -180", expected).isEqualTo(true);
                assertThat(result.value(2)).as("%s beyond -179", expected).isEqualTo(false);
            }
        }
    }

    @Test
    void theBoxFilterRefusesArgumentsOutsideItsSignatureAsTheServiceDoes() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> FAKE.serviceAccountClient()
                        .query(Query.sql("select st_intersectsbox(geom, 'west', 0, 1, 1) from `" + FakeBigQuery.PROJECT
                                + ".maps.places`"))
                        .close());

        assertThat(failure.getMessage())
                .contains("No matching signature for function ST_INTERSECTSBOX for argument types: GEOGRAPHY, STRING");
    }

    @Test
    void aTileCutAtMaxFeaturesKeepsTheFirstIdsAndSaysSo() {
        Tile tile = connections.tile(
                ALICE,
                id,
                TileSource.table(PLACES, "geom").featureId("id").maxFeatures(50),
                new TileCoordinates(0, 0, 0));

        assertThat(tile.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
        assertThat(tile.featureCount()).isEqualTo(50);
        assertThat(ids(tile)).hasSize(50).first().isEqualTo(1L);
        assertThat(ids(tile)).last().isEqualTo(50L);
    }

    @Test
    void propertiesAreOnlyTheListedColumns() {
        TileSource source = TileSource.query(
                        Query.sql("select id, name, rank, score, open, geom from `" + FakeBigQuery.PROJECT
                                        + ".maps.places` where id > ?")
                                .param(1000),
                        "geom")
                .featureId("id")
                .properties("name", "open")
                .layerName("shapes");

        JsonNode layer = VectorTileDecoder.read(connections
                        .tile(ALICE, id, source, new TileCoordinates(1, 1, 1))
                        .bytes())
                .path("layers")
                .get(0);

        assertThat(layer.path("name").asText()).isEqualTo("shapes");
        assertThat(JSON.convertValue(layer.path("keys"), List.class)).containsExactlyInAnyOrder("name", "open");
        assertThat(layer.path("features")).hasSize(5);
        assertThat(layer.toString()).contains("\"east edge\"").doesNotContain("3.5");
    }

    @Test
    void tileJsonTypesTheFieldsFromTheColumns() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(
                        ALICE,
                        id,
                        TileSource.table(PLACES, "geom")
                                .featureId("id")
                                .properties("name", "rank", "score", "open")
                                .zooms(1, 14),
                        "https://maps.example/{z}/{x}/{y}.mvt")
                .toJson());

        assertThat(tileJson.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(tileJson.path("minzoom").asInt()).isEqualTo(1);
        assertThat(tileJson.path("maxzoom").asInt()).isEqualTo(14);
        assertThat(JSON.convertValue(tileJson.path("vector_layers").get(0).path("fields"), Map.class))
                .containsExactly(
                        Map.entry("name", "String"),
                        Map.entry("rank", "Number"),
                        Map.entry("score", "Number"),
                        Map.entry("open", "Boolean"));
        // The grid of points reaches -60° west and -1° north, the polygons -30° south and the antimeridian east.
        assertThat(bounds(tileJson)).containsExactly(new double[] {-60, -30, 180, -1}, within(1e-9));
    }

    @Test
    void tileJsonOfAnEmptyTableCoversTheWorld() throws Exception {
        JsonNode tileJson = tileJsonOf(TileSource.table(List.of(FakeBigQuery.PROJECT, "maps", "nothing"), "geom"));

        assertThat(bounds(tileJson)).containsExactly(new double[] {-180, -85.0511, 180, 85.0511}, within(1e-4));
    }

    @Test
    void tileJsonOfAPolygonAcrossTheAntimeridianSpansEveryLongitude() throws Exception {
        // The reference's own example: its box runs from 172° to 230°, which TileJSON cannot say.
        JsonNode tileJson = tileJsonOf(TileSource.query(
                Query.sql("select 1 as id, st_geogfromtext('POLYGON((172 53, -130 55, -141 57, 172 53))') as geom"),
                "geom"));

        assertThat(bounds(tileJson)).containsExactly(new double[] {-180, 53, 180, 57}, within(1e-9));
    }

    @Test
    void tileJsonOfALineAcrossTheAntimeridianSpansEveryLongitude() throws Exception {
        JsonNode tileJson = tileJsonOf(TileSource.table(List.of(FakeBigQuery.PROJECT, "maps", "crossings"), "geom"));

        assertThat(bounds(tileJson)).containsExactly(new double[] {-180, -30, 180, -30}, within(1e-9));
    }

    @Test
    void tileJsonLatitudesStopWhereTheMapStops() throws Exception {
        JsonNode tileJson = tileJsonOf(TileSource.table(List.of(FakeBigQuery.PROJECT, "maps", "poles"), "geom"));

        assertThat(bounds(tileJson))
                .containsExactly(
                        new double[] {0, -TileCoordinates.MAX_LATITUDE, 10, TileCoordinates.MAX_LATITUDE},
                        within(1e-9));
    }

    @Test
    void theFakeBoundingBoxIsTheReferencesExample() {
        try (QueryResult result = FAKE.serviceAccountClient()
                .query(Query.sql("select ST_BOUNDINGBOX(g).xmin, (ST_BOUNDINGBOX(g)).ymin, ST_BOUNDINGBOX(g).xmax,"
                        + " ST_BOUNDINGBOX(g).ymax, ST_BOUNDINGBOX(null) is null,"
                        + " ST_BOUNDINGBOX(st_geogfromtext('GEOMETRYCOLLECTION EMPTY')) is null"
                        + " from (select st_geogfromtext('POLYGON((172 53, -130 55, -141 57, 172 53))') as g)"))) {
            assertThat(result.next()).isTrue();
            assertThat(List.of(
                            result.doubleValue(0), result.doubleValue(1), result.doubleValue(2), result.doubleValue(3)))
                    .containsExactly(172.0, 53.0, 230.0, 57.0);
            assertThat(result.value(4)).isEqualTo(true);
            assertThat(result.value(5)).isEqualTo(true);
        }
    }

    @Test
    void theFakeBoundingBoxRefusesAnythingButAGeographyAsTheServiceDoes() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> FAKE.serviceAccountClient()
                        .query(Query.sql("select ST_BOUNDINGBOX('POINT(1 2)').xmin"))
                        .close());

        assertThat(failure.getMessage())
                .contains("No matching signature for function ST_BOUNDINGBOX for argument types: STRING");
    }

    private JsonNode tileJsonOf(TileSource source) throws Exception {
        return JSON.readTree(connections
                .tileJson(ALICE, id, source, "https://maps.example/{z}/{x}/{y}.mvt")
                .toJson());
    }

    private static double[] bounds(JsonNode tileJson) {
        return JSON.convertValue(tileJson.path("bounds"), double[].class);
    }

    @Test
    void aSourceInAnotherSridThanWgs84FailsNamingTheSrid() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(
                        ALICE, id, TileSource.table(PLACES, "geom").srid(3857), new TileCoordinates(0, 0, 0)));

        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.getMessage()).contains("srid", "3857");
    }

    /** How far below the top of a tile whose top is the equator a latitude is drawn, in units of a 4096 extent. */
    private static double unitsSouthOfTheEquator(double latitude, int zoom) {
        double mercator = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(latitude) / 2));
        return -mercator / (2 * Math.PI / (1 << zoom)) * 4096;
    }

    private static Set<Long> ids(Tile tile) {
        return VectorTileDecoder.featureIds(tile.status() == Tile.Status.CONTENT ? tile.bytes() : new byte[0]);
    }
}
