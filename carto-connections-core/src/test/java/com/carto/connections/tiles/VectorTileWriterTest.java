package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.testing.CommandDecoder;
import com.carto.connections.testing.VectorTileDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class VectorTileWriterTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    /** The examples of the specification 2.1, §4.3.5, with the command integers it gives for each. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POINT (25 17)|9,50,34",
                "MULTIPOINT ((5 7), (3 2))|17,10,14,3,9",
                "LINESTRING (2 2, 2 10, 10 10)|9,4,4,18,0,16,16,0",
                "MULTILINESTRING ((2 2, 2 10, 10 10), (1 1, 3 5))|9,4,4,18,0,16,16,0,9,17,17,10,4,8",
                "POLYGON ((3 6, 8 12, 20 34, 3 6))|9,6,12,18,10,12,24,44,15",
                "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((11 11, 20 11, 20 20, 11 20, 11 11),"
                        + " (13 13, 13 17, 17 17, 17 13, 13 13)))"
                        + "|9,0,0,26,20,0,0,20,19,0,15,9,22,2,26,18,0,0,18,17,0,15,9,4,13,26,0,8,8,0,0,7,15"
            })
    void theSpecificationsExamplesEncodeToItsCommands(String wkt, String commands) {
        assertThat(commandsOf(geometry(wkt))).isEqualTo(integers(commands));
    }

    @Test
    void anExteriorRingWoundTheOtherWayIsTurnedKeepingItsFirstPoint() {
        assertThat(commandsOf(geometry("POLYGON ((3 6, 20 34, 8 12, 3 6))")))
                .isEqualTo(commandsOf(geometry("POLYGON ((3 6, 8 12, 20 34, 3 6))")));
    }

    @Test
    void anInteriorRingIsWoundOppositeToItsExteriorWhicheverWayItCame() {
        for (String hole : List.of("(2 2, 2 8, 8 8, 8 2, 2 2)", "(2 2, 8 2, 8 8, 2 8, 2 2)")) {
            Polygon decoded =
                    (Polygon) decodedGeometry(geometry("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), " + hole + ")"));

            assertThat(decoded.getNumInteriorRing()).isEqualTo(1);
            assertThat(CommandDecoder.signedDoubleArea(
                            List.of(decoded.getExteriorRing().getCoordinates())))
                    .isPositive();
            assertThat(CommandDecoder.signedDoubleArea(
                            List.of(decoded.getInteriorRingN(0).getCoordinates())))
                    .isNegative();
        }
    }

    @Test
    void repeatedPointsAreLeftOut() {
        assertThat(commandsOf(geometry("LINESTRING (2 2, 2 2, 2 10, 2 10, 10 10)")))
                .isEqualTo(integers("9,4,4,18,0,16,16,0"));
    }

    @Test
    void fractionsOfAUnitAreRoundedToTheNearestUnit() {
        assertThat(commandsOf(geometry("POINT (24.5 16.6)"))).isEqualTo(integers("9,50,34"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POINT EMPTY",
                "LINESTRING (5 5, 5 5)",
                "POLYGON ((0 0, 10 0, 20 0, 0 0))",
                "POLYGON ((0 0, 10 10, 0 0, 0 0))",
                "MULTIPOINT EMPTY",
                "MULTIPOLYGON (((1 1, 1 1, 1 1, 1 1)))"
            })
    void aGeometryWithNothingToDrawIsNotAdded(String wkt) {
        VectorTileWriter writer = new VectorTileWriter();
        VectorTileWriter.Layer layer = writer.layer("places", 4096);

        assertThat(layer.addFeature(1L, geometry(wkt), Map.of())).isFalse();
        assertThat(layer.featureCount()).isZero();
        assertThat(writer.toByteArray()).isEmpty();
    }

    @Test
    void onlyTheDrawablePartsOfAMultiPolygonAreWritten() {
        assertThat(commandsOf(geometry("MULTIPOLYGON (((0 0, 5 0, 9 0, 0 0)), ((3 6, 8 12, 20 34, 3 6)))")))
                .isEqualTo(integers("9,6,12,18,10,12,24,44,15"));
    }

    @Test
    void aGeometryCollectionIsRefusedSinceNoFeatureTypeHoldsOne() {
        VectorTileWriter.Layer layer = new VectorTileWriter().layer("places", 4096);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> layer.addFeature(
                        null, geometry("GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1))"), Map.of()))
                .withMessageContaining("GeometryCollection");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NaN", "Infinity", "-Infinity", "1073741825", "-1073741825"})
    void aCoordinateThatIsNotFiniteOrBeyondTwoToTheThirtyIsRefused(double x) {
        VectorTileWriter.Layer layer = new VectorTileWriter().layer("places", 4096);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> layer.addFeature(null, FACTORY.createPoint(new Coordinate(x, 0)), Map.of()))
                .withMessageContaining("finite and within ±2^30 units");
    }

    @Test
    void coordinatesAtTwoToTheThirtyUnitsAreWritten() {
        assertThat(decodedGeometry(FACTORY.createPoint(new Coordinate(1 << 30, -(1 << 30))))
                        .getCoordinate())
                .isEqualTo(new Coordinate(1 << 30, -(1 << 30)));
    }

    @Test
    void propertyValuesAreWrittenAsTheSpecificationsTypes() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("text", "Zürich ☃");
        properties.put("yes", true);
        properties.put("single", 1.5f);
        properties.put("double", 0.1);
        properties.put("decimal", new BigDecimal("12.25"));
        properties.put("int", 7);
        properties.put("negative", -7);
        properties.put("short", (short) 3);
        properties.put("byte", (byte) -2);
        properties.put("largest", Long.MAX_VALUE);
        properties.put("smallest", Long.MIN_VALUE);
        properties.put("bigFits", BigInteger.valueOf(42));
        properties.put("bigBeyondLong", BigInteger.TWO.pow(70));
        properties.put("date", LocalDate.of(2026, 12, 5));

        Map<String, JsonNode> written = decodedProperties(properties);

        assertThat(written.get("text").get("string_value").asText()).isEqualTo("Zürich ☃");
        assertThat(written.get("yes").get("bool_value").asBoolean()).isTrue();
        assertThat(written.get("single").get("float_value").floatValue()).isEqualTo(1.5f);
        assertThat(written.get("double").get("double_value").doubleValue()).isEqualTo(0.1);
        assertThat(written.get("decimal").get("double_value").doubleValue()).isEqualTo(12.25);
        assertThat(written.get("int").get("uint_value").longValue()).isEqualTo(7);
        assertThat(written.get("negative").get("sint_value").longValue()).isEqualTo(-7);
        assertThat(written.get("short").get("uint_value").longValue()).isEqualTo(3);
        assertThat(written.get("byte").get("sint_value").longValue()).isEqualTo(-2);
        assertThat(written.get("largest").get("uint_value").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(written.get("smallest").get("sint_value").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(written.get("bigFits").get("uint_value").longValue()).isEqualTo(42);
        assertThat(written.get("bigBeyondLong").get("string_value").asText()).isEqualTo("1180591620717411303424");
        assertThat(written.get("date").get("string_value").asText()).isEqualTo("2026-12-05");
    }

    @Test
    void specialDoublesAreWrittenAsTheyAre() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("nan", Double.NaN);
        properties.put("infinity", Double.POSITIVE_INFINITY);
        properties.put("negativeZero", -0.0);

        Map<String, JsonNode> written = decodedProperties(properties);

        assertThat(written.get("nan").get("double_value").doubleValue()).isNaN();
        assertThat(written.get("infinity").get("double_value").doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Double.doubleToRawLongBits(
                        written.get("negativeZero").get("double_value").doubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void aNullValueLeavesItsKeyOutOfThatFeature() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("name", "a");
        properties.put("missing", null);

        assertThat(decodedProperties(properties)).containsOnlyKeys("name");
    }

    @Test
    void keysAndValuesAreWrittenOncePerLayer() {
        VectorTileWriter writer = new VectorTileWriter();
        VectorTileWriter.Layer layer = writer.layer("places", 4096);
        layer.addFeature(1L, geometry("POINT (1 1)"), Map.of("kind", "city"));
        layer.addFeature(2L, geometry("POINT (2 2)"), Map.of("kind", "city"));
        layer.addFeature(3L, geometry("POINT (3 3)"), Map.of("kind", "town"));

        JsonNode decoded =
                VectorTileDecoder.read(writer.toByteArray()).path("layers").get(0);

        assertThat(decoded.path("keys")).hasSize(1);
        assertThat(decoded.path("values")).hasSize(2);
        assertThat(decoded.path("features").get(0).path("tags"))
                .isEqualTo(decoded.path("features").get(1).path("tags"));
    }

    @Test
    void aWholeNumberAndTheSameDigitsAsTextAreTwoValues() {
        VectorTileWriter writer = new VectorTileWriter();
        VectorTileWriter.Layer layer = writer.layer("places", 4096);
        layer.addFeature(1L, geometry("POINT (1 1)"), Map.of("code", 1));
        layer.addFeature(2L, geometry("POINT (2 2)"), Map.of("code", "1"));

        assertThat(VectorTileDecoder.read(writer.toByteArray())
                        .path("layers")
                        .get(0)
                        .path("values"))
                .hasSize(2);
    }

    @ParameterizedTest(name = "id {0}")
    @CsvSource({"0", "1", "9223372036854775807"})
    void anIdThatIsNotNegativeIsWritten(long id) {
        VectorTileWriter writer = new VectorTileWriter();
        writer.layer("places", 4096).addFeature(id, geometry("POINT (1 1)"), Map.of());

        assertThat(firstFeature(writer).get("id").longValue()).isEqualTo(id);
    }

    @Test
    void aNegativeOrMissingIdIsLeftOut() {
        VectorTileWriter writer = new VectorTileWriter();
        VectorTileWriter.Layer layer = writer.layer("places", 4096);
        layer.addFeature(-1L, geometry("POINT (1 1)"), Map.of());
        layer.addFeature(null, geometry("POINT (2 2)"), Map.of());

        JsonNode features = VectorTileDecoder.read(writer.toByteArray())
                .path("layers")
                .get(0)
                .path("features");
        assertThat(features)
                .hasSize(2)
                .allSatisfy(feature -> assertThat(feature.has("id")).isFalse());
    }

    @Test
    void layersKeepTheirOrderNameExtentAndVersionTwoAndAnEmptyLayerIsLeftOut() {
        VectorTileWriter writer = new VectorTileWriter();
        writer.layer("roads", 512).addFeature(1L, geometry("LINESTRING (0 0, 5 5)"), Map.of());
        writer.layer("empty", 4096);
        writer.layer("places", 4096).addFeature(1L, geometry("POINT (1 1)"), Map.of());

        JsonNode layers = VectorTileDecoder.read(writer.toByteArray()).path("layers");

        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).path("name").asText()).isEqualTo("roads");
        assertThat(layers.get(0).path("extent").asLong()).isEqualTo(512);
        assertThat(layers.get(0).path("version").asLong()).isEqualTo(2);
        assertThat(layers.get(1).path("name").asText()).isEqualTo("places");
    }

    @Test
    void aLayerNameIsUniqueInATile() {
        VectorTileWriter writer = new VectorTileWriter();
        writer.layer("places", 4096);

        assertThatThrownBy(() -> writer.layer("places", 512))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .singleElement()
                                .satisfies(problem -> {
                                    assertThat(problem.property()).isEqualTo("layer");
                                    assertThat(problem.message()).contains("places");
                                }));
    }

    @Test
    void aLayerNeedsAName() {
        assertThatThrownBy(() -> new VectorTileWriter().layer("", 4096))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure ->
                                assertThat(failure.problems().get(0).property()).isEqualTo("layer"));
    }

    @ParameterizedTest(name = "extent {0}")
    @CsvSource({"0", "-1", "65537"})
    void anExtentOutsideItsRangeIsRefused(int extent) {
        assertThatThrownBy(() -> new VectorTileWriter().layer("places", extent))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure ->
                                assertThat(failure.problems().get(0).property()).isEqualTo("extent"));
    }

    @Test
    void theSizeIsTheLengthOfTheBytesWithoutEncodingThem() {
        VectorTileWriter writer = new VectorTileWriter();
        assertThat(writer.size()).isZero();
        VectorTileWriter.Layer roads = writer.layer("röads-" + "x".repeat(200), 65_536);
        VectorTileWriter.Layer places = writer.layer("places", 4096);
        writer.layer("empty", 4096);
        List<Integer> sizes = new ArrayList<>();
        for (int index = 0; index < 300; index++) {
            roads.addFeature((long) index, geometry("LINESTRING (0 0, " + index + " 9)"), Map.of("lane", index));
            places.addFeature(null, geometry("POINT (" + index + " 3)"), Map.of("name", "p" + index % 7));
            sizes.add(writer.size());
            assertThat(writer.size()).isEqualTo(writer.toByteArray().length);
        }
        assertThat(sizes).isSorted();
    }

    private static List<Long> commandsOf(Geometry geometry) {
        VectorTileWriter writer = new VectorTileWriter();
        assertThat(writer.layer("layer", 4096).addFeature(1L, geometry, Map.of()))
                .as("feature added")
                .isTrue();
        List<Long> commands = new ArrayList<>();
        firstFeature(writer).path("geometry").forEach(command -> commands.add(command.longValue()));
        return commands;
    }

    private static Geometry decodedGeometry(Geometry geometry) {
        VectorTileWriter writer = new VectorTileWriter();
        writer.layer("layer", 4096).addFeature(1L, geometry, Map.of());
        JsonNode feature = firstFeature(writer);
        long[] commands = new long[feature.path("geometry").size()];
        for (int index = 0; index < commands.length; index++) {
            commands[index] = feature.path("geometry").get(index).longValue();
        }
        return CommandDecoder.decode(feature.path("type").asInt(), commands);
    }

    private static Map<String, JsonNode> decodedProperties(Map<String, Object> properties) {
        VectorTileWriter writer = new VectorTileWriter();
        writer.layer("layer", 4096).addFeature(1L, geometry("POINT (1 1)"), properties);
        ObjectNode layer = (ObjectNode)
                VectorTileDecoder.read(writer.toByteArray()).path("layers").get(0);
        JsonNode tags = layer.path("features").get(0).path("tags");
        Map<String, JsonNode> decoded = new LinkedHashMap<>();
        for (int index = 0; index + 1 < tags.size(); index += 2) {
            decoded.put(
                    layer.path("keys").get(tags.get(index).asInt()).asText(),
                    layer.path("values").get(tags.get(index + 1).asInt()));
        }
        return decoded;
    }

    private static JsonNode firstFeature(VectorTileWriter writer) {
        return VectorTileDecoder.read(writer.toByteArray())
                .path("layers")
                .get(0)
                .path("features")
                .get(0);
    }

    private static List<Long> integers(String commaSeparated) {
        List<Long> values = new ArrayList<>();
        for (String value : commaSeparated.split(",")) {
            values.add(Long.parseLong(value));
        }
        return values;
    }

    private static Geometry geometry(String wkt) {
        try {
            return new WKTReader(FACTORY).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }
}
