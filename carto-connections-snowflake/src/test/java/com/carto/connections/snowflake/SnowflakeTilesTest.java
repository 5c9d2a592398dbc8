package com.carto.connections.snowflake;

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
 * Tiles and TileJSON of a Snowflake connection through the facade, with the real driver against the fake: the SDK
 * encodes the tile from the rows Snowflake finds with {@code ST_INTERSECTS} against the tile's box as a GEOGRAPHY,
 * whose great-circle semantics the fake evaluates.
 */
class SnowflakeTilesTest {
    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().user("TESTER", "secret");

    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TileCoordinates SOUTH_ATLANTIC = new TileCoordinates(3, 4, 5);
    private static final Envelope UNDER_THE_EDGE = SOUTH_ATLANTIC.degreesEnvelope(4096, 64);

    @TempDir
    Path directory;

    private Connections connections;
    private String id;

    @BeforeAll
    static void warehouse() {
        FAKE.h2("create table PUBLIC.PLACES (ID bigint, NAME varchar, RANK int, SCORE double precision,"
                + " OPEN boolean, GEOM geometry);"
                // A grid of 400 points in South America, ids in a shuffled order of insertion.
                + " insert into PUBLIC.PLACES select 400 - X, 'p' || (400 - X), mod(X, 7), X / 4.0, mod(X, 2) = 0,"
                + " TO_GEOGRAPHY('POINT(' || (-60 + mod(X, 20)) || ' ' || (-20 + X / 20) || ')')"
                + " from system_range(0, 399);"
                + " insert into PUBLIC.PLACES values"
                + " (1001, 'a', 1, 0.5, true, TO_GEOGRAPHY('POINT(45 -10)')),"
                + " (1002, 'b', 2, 1.5, false, TO_GEOGRAPHY('POINT(135 -10)')),"
                + " (1003, 'box', 3, 2.5, true, TO_GEOGRAPHY('POLYGON((45 -10, 90 -10, 90 -30, 45 -30, 45 -10))')),"
                + " (2001, 'east edge', 4, 3.5, true,"
                + " TO_GEOGRAPHY('POLYGON((170 -20, 180 -20, 180 -10, 170 -10, 170 -20))')),"
                + " (2002, 'on the antimeridian', 5, 4.5, true, TO_GEOGRAPHY('POINT(180 -15)')),"
                // Just inside the northern edge of tile 3/4/5's box, half-way along it, where one great-circle arc
                // from the box's west to its east would have bowed 2° south, past it.
                + " (2003, 'under the edge', 6, 5.5, true, TO_GEOGRAPHY('POINT(22.5 "
                + (UNDER_THE_EDGE.getMaxY() - 0.001)
                + ")'));"
                // The shorter great circle from 179° to -179° crosses the antimeridian, not Africa.
                + " create table PUBLIC.CROSSINGS (ID bigint, GEOM geometry);"
                + " insert into PUBLIC.CROSSINGS values"
                + " (3001, TO_GEOGRAPHY('LINESTRING(179 -30, -179 -30)')), (3002, TO_GEOGRAPHY('POINT(20 -30)'));"
                // Each side of the box 12° to 30° east, 15° to 27° north is set by a different row; the point's
                // longitude and the polygon's north lie inside it.
                + " create table PUBLIC.BOUNDED (ID bigint, GEOM geometry);"
                + " insert into PUBLIC.BOUNDED values"
                + " (4001, TO_GEOGRAPHY('POINT(14 20)')),"
                + " (4002, TO_GEOGRAPHY('POLYGON((12 15, 30 15, 30 25, 12 25, 12 15))')),"
                + " (4003, TO_GEOGRAPHY('LINESTRING(20 22, 28 27)')),"
                + " (4004, null),"
                + " (4005, TO_GEOGRAPHY('POINT EMPTY'));"
                + " create table PUBLIC.NOTHING (ID bigint, GEOM geometry);"
                + " create table PUBLIC.POLAR (ID bigint, GEOM geometry);"
                + " insert into PUBLIC.POLAR values"
                + " (5001, TO_GEOGRAPHY('POLYGON((-10 80, 10 80, 10 89, -10 89, -10 80))')),"
                + " (5002, TO_GEOGRAPHY('POINT(0 -88)'))");
    }

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .embedded(directory)
                .providers(Providers.of(TestProviders.against(FAKE)))
                .build();
        NewConnection draft = NewConnection.of("snowflake", "maps").authMethod("snowflake_account");
        for (Map.Entry<String, Object> property :
                TestProviders.passwordProperties(FAKE).entrySet()) {
            draft = property.getKey().equals("password")
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
        Tile tile = connections.tile(ALICE, id, places().featureId("ID"), new TileCoordinates(1, 1, 1));

        assertThat(tile.status()).isEqualTo(Tile.Status.CONTENT);
        assertThat(tile.encoder()).isEqualTo(Tile.Encoder.CLIENT);
        Map<Long, JsonNode> features = VectorTileDecoder.featuresById(VectorTileDecoder.read(tile.bytes()));
        assertThat(features).containsOnlyKeys(1001L, 1002L, 1003L, 2001L, 2002L, 2003L);
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
    void aPointJustInsideTheNorthernEdgeOfASouthernTileIsOnIt() {
        Set<Long> south = ids(connections.tile(ALICE, id, places().featureId("ID"), SOUTH_ATLANTIC));

        assertThat(south).containsExactly(2003L);
    }

    @Test
    void aTileWithNothingOnItHasNoContent() {
        Tile pacific = connections.tile(ALICE, id, places().featureId("ID"), new TileCoordinates(6, 2, 30));

        assertThat(pacific.status()).isEqualTo(Tile.Status.NO_CONTENT);
        assertThat(pacific.size()).isZero();
        assertThat(pacific.featureCount()).isZero();
    }

    @Test
    void theTileAtTheAntimeridianHoldsTheShapesThatTouchIt() {
        Set<Long> east = ids(connections.tile(ALICE, id, places().featureId("ID"), new TileCoordinates(3, 7, 4)));

        // 1002 is on the tile's west edge, at 135° east.
        assertThat(east).containsExactlyInAnyOrder(1002L, 2001L, 2002L);
    }

    @Test
    void anEdgeAcrossTheAntimeridianIsNotOnTheTilesBetweenItsEnds() {
        TileSource source = TileSource.table(List.of(FAKE.database(), "PUBLIC", "CROSSINGS"), "GEOM")
                .featureId("ID");

        // Drawn straight in degrees, the line would cross this tile (0° to 45° east, 0° to 41° south) from end to end.
        Set<Long> africa = ids(connections.tile(ALICE, id, source, new TileCoordinates(3, 4, 4)));

        assertThat(africa).containsExactly(3002L);
    }

    @Test
    void theFilterRefusesArgumentsOutsideItsSignatureAsTheServiceDoes() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> connections
                        .query(ALICE, id, Query.sql("select ST_INTERSECTS(GEOM, 'POINT(0 0)') from PUBLIC.PLACES"))
                        .close());

        // The provider keeps the first line of Snowflake's message: the second names the types.
        assertThat(failure.getMessage()).contains("SQL compilation error", "SQLSTATE 42P13");
        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure)
                .rootCause()
                .hasMessageContaining("Invalid argument types for function 'ST_INTERSECTS': (GEOGRAPHY, VARCHAR(");
    }

    @Test
    void twoGeographiesMeetAcrossTheAntimeridian() {
        try (QueryResult result = connections.query(
                ALICE,
                id,
                Query.sql("select ID, ST_INTERSECTS(GEOM, TO_GEOGRAPHY('POLYGON((-180 -16, -179 -16, -179 -14,"
                        + " -180 -14, -180 -16))')) from PUBLIC.PLACES where ID in (2001, 2002) order by ID"))) {
            for (long expected : new long[] {2001, 2002}) {
                assertThat(result.next()).isTrue();
                assertThat(result.longValue(0)).isEqualTo(expected);
                assertThat(result.value(1)).as("%s from -180", expected).isEqualTo(true);
            }
        }
    }

    @Test
    void aTileCutAtMaxFeaturesKeepsTheFirstIdsAndSaysSo() {
        Tile tile = connections.tile(ALICE, id, places().featureId("ID").maxFeatures(50), new TileCoordinates(0, 0, 0));

        assertThat(tile.truncation()).isEqualTo(Tile.Truncation.MAX_FEATURES);
        assertThat(tile.featureCount()).isEqualTo(50);
        assertThat(ids(tile)).hasSize(50).first().isEqualTo(1L);
        assertThat(ids(tile)).last().isEqualTo(50L);
    }

    @Test
    void propertiesAreOnlyTheListedColumns() {
        TileSource source = TileSource.query(
                        Query.sql("select ID, NAME, RANK, SCORE, OPEN, GEOM from PUBLIC.PLACES where ID > ?")
                                .param(1000),
                        "GEOM")
                .featureId("ID")
                .properties("NAME", "OPEN")
                .layerName("shapes");

        JsonNode layer = VectorTileDecoder.read(connections
                        .tile(ALICE, id, source, new TileCoordinates(1, 1, 1))
                        .bytes())
                .path("layers")
                .get(0);

        assertThat(layer.path("name").asText()).isEqualTo("shapes");
        assertThat(JSON.convertValue(layer.path("keys"), List.class)).containsExactlyInAnyOrder("NAME", "OPEN");
        assertThat(layer.path("features")).hasSize(6);
        assertThat(layer.toString()).contains("\"east edge\"").doesNotContain("3.5");
    }

    @Test
    void tileJsonTypesTheFieldsFromTheColumnsAndBoundsTheRows() throws Exception {
        JsonNode tileJson = JSON.readTree(connections
                .tileJson(
                        ALICE,
                        id,
                        places().featureId("ID")
                                .properties("NAME", "RANK", "SCORE", "OPEN")
                                .zooms(1, 14),
                        "https://maps.example/{z}/{x}/{y}.mvt")
                .toJson());

        assertThat(tileJson.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(tileJson.path("minzoom").asInt()).isEqualTo(1);
        assertThat(tileJson.path("maxzoom").asInt()).isEqualTo(14);
        assertThat(JSON.convertValue(tileJson.path("vector_layers").get(0).path("fields"), Map.class))
                .containsExactly(
                        Map.entry("NAME", "String"),
                        Map.entry("RANK", "Number"),
                        Map.entry("SCORE", "Number"),
                        Map.entry("OPEN", "Boolean"));
        // West of the grid, south of the point under tile 3/4/5's edge, east on the antimeridian, north of the grid.
        assertThat(bounds(tileJson))
                .containsExactly(new double[] {-60, UNDER_THE_EDGE.getMaxY() - 0.001, 180, -1}, within(1e-9));
    }

    @Test
    void tileJsonBoundsHoldEveryRowOfATable() throws Exception {
        assertThat(bounds(table("BOUNDED"))).containsExactly(new double[] {12, 15, 30, 27}, within(1e-9));
    }

    @Test
    void tileJsonBoundsOfAQueryHoldOnlyTheRowsItSelects() throws Exception {
        TileSource source = TileSource.query(
                Query.sql("select ID, GEOM from PUBLIC.BOUNDED where ID <> ?").param(4003), "GEOM");

        assertThat(bounds(source)).containsExactly(new double[] {12, 15, 30, 25}, within(1e-9));
    }

    @Test
    void tileJsonOfAnEmptyTableCoversTheWorld() throws Exception {
        assertThat(bounds(table("NOTHING"))).containsExactly(new double[] {-180, -85.0511, 180, 85.0511}, within(1e-4));
    }

    @Test
    void tileJsonBoundsStopAtTheLatitudesTheMapReaches() throws Exception {
        assertThat(bounds(table("POLAR"))).containsExactly(new double[] {-10, -85.0511, 10, 85.0511}, within(1e-4));
    }

    @Test
    void theBoundsFunctionsRefuseArgumentsOutsideTheirSignatureAsTheServiceDoes() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> connections
                        .query(ALICE, id, Query.sql("select ST_YMAX('POINT(0 0)')"))
                        .close());

        assertThat(failure.getMessage()).contains("SQL compilation error", "SQLSTATE 42P13");
        assertThat(failure)
                .rootCause()
                .hasMessageContaining("Invalid argument types for function 'ST_YMAX': (VARCHAR(");
    }

    @Test
    void theBoundsOfNullOrOfAnEmptyGeographyAreNull() {
        try (QueryResult result = connections.query(
                ALICE,
                id,
                Query.sql("select ST_XMIN(null), ST_YMIN(GEOM), ST_XMAX(GEOM), ST_YMAX(GEOM) from PUBLIC.BOUNDED"
                        + " where ID = 4005"))) {
            assertThat(result.next()).isTrue();
            for (int column = 0; column < 4; column++) {
                assertThat(result.value(column)).as("column %s", column).isNull();
            }
        }
    }

    @Test
    void aSourceInAnotherSridIsRefusedNamingIt() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.tile(ALICE, id, places().srid(3857), new TileCoordinates(0, 0, 0)));

        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.getMessage()).contains("srid", "3857");
    }

    private double[] bounds(TileSource source) throws Exception {
        return bounds(JSON.readTree(connections
                .tileJson(ALICE, id, source, "https://maps.example/{z}/{x}/{y}.mvt")
                .toJson()));
    }

    private static double[] bounds(JsonNode tileJson) {
        return JSON.convertValue(tileJson.path("bounds"), double[].class);
    }

    private static TileSource table(String name) {
        return TileSource.table(List.of(FAKE.database(), "PUBLIC", name), "GEOM");
    }

    private static TileSource places() {
        return TileSource.table(List.of(FAKE.database(), "PUBLIC", "PLACES"), "GEOM");
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
