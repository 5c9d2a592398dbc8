package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.carto.connections.testing.CommandDecoder;
import com.carto.connections.testing.VectorTileDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The writer against the public conformance fixtures of the vector tile specification (npm {@code @mapbox/mvt-fixtures}
 * 4.0.0, fetched by the build into {@code target/}): each fixture valid under version 2 is read by an independent
 * decoder, written again through {@link VectorTileWriter}, and read back to the same layers, features, geometry
 * commands and properties.
 */
class VectorTileFixturesTest {
    private static final Path FIXTURES = Path.of("target", "mvt-fixtures", "package", "fixtures");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * Valid fixtures no encoder is meant to write: coordinates beyond ±2^30 units (refused, see the test below) and a
     * MoveTo whose count exceeds the integers after it, which tests a decoder's allocation.
     */
    private static final Set<String> NOT_FOR_ENCODERS = Set.of("049", "050", "057");

    static Stream<String> validFixtures() {
        assumeTrue(
                Files.isDirectory(FIXTURES),
                "the build could not fetch @mapbox/mvt-fixtures into " + FIXTURES
                        + " (no network?); the writer's own tests still run");
        try (Stream<Path> directories = Files.list(FIXTURES)) {
            return directories
                    .filter(directory ->
                            info(directory).path("validity").path("v2").asBoolean())
                    .map(directory -> directory.getFileName().toString())
                    .filter(name -> !NOT_FOR_ENCODERS.contains(name))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "fixture {0}")
    @MethodSource("validFixtures")
    void theIndependentDecoderReadsEachValidFixtureAsItsJson(String fixture) {
        ObjectNode decoded = VectorTileDecoder.read(bytes(fixture));

        assertThat(numbersNormalized(withDefaults(decoded))).isEqualTo(numbersNormalized(withDefaults(json(fixture))));
    }

    @ParameterizedTest(name = "fixture {0}")
    @MethodSource("validFixtures")
    void writingAValidFixtureAgainGivesItsLayersFeaturesAndPropertiesBack(String fixture) {
        ObjectNode original = VectorTileDecoder.read(bytes(fixture));

        byte[] written = write(original);

        assertThat(comparable(VectorTileDecoder.read(written))).isEqualTo(asWritten(comparable(original)));
    }

    @Test
    void theFixturesTheWriterLeavesOutAreStillThere() {
        assumeTrue(Files.isDirectory(FIXTURES), "the build could not fetch @mapbox/mvt-fixtures (no network?)");
        assertThat(NOT_FOR_ENCODERS)
                .allSatisfy(name -> assertThat(info(FIXTURES.resolve(name))
                                .path("validity")
                                .path("v2")
                                .asBoolean())
                        .isTrue());
    }

    @Test
    void coordinatesBeyondTwoToTheThirtyUnitsAsInFixtures049And050AreRefused() {
        assumeTrue(Files.isDirectory(FIXTURES), "the build could not fetch @mapbox/mvt-fixtures (no network?)");
        for (String fixture : List.of("049", "050")) {
            ObjectNode original = VectorTileDecoder.read(bytes(fixture));

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> write(original))
                    .withMessageContaining("within ±2^30 units");
        }
    }

    /** The fixture's layers through the writer: geometry decoded from its commands, properties from its tags. */
    private static byte[] write(ObjectNode tile) {
        VectorTileWriter writer = new VectorTileWriter();
        for (JsonNode layer : tile.path("layers")) {
            if (layer.path("features").isEmpty()) {
                continue;
            }
            VectorTileWriter.Layer written = writer.layer(
                    layer.path("name").asText(), layer.path("extent").asInt(VectorTileWriter.DEFAULT_EXTENT));
            for (JsonNode feature : layer.path("features")) {
                Map<String, Object> properties = new LinkedHashMap<>();
                JsonNode tags = feature.path("tags");
                for (int index = 0; index + 1 < tags.size(); index += 2) {
                    properties.put(
                            layer.path("keys").get(tags.get(index).asInt()).asText(),
                            javaValue(
                                    layer.path("values").get(tags.get(index + 1).asInt())));
                }
                long[] commands = new long[feature.path("geometry").size()];
                for (int index = 0; index < commands.length; index++) {
                    commands[index] = feature.path("geometry").get(index).asLong();
                }
                Long id = feature.has("id") ? feature.get("id").asLong() : null;
                boolean added = written.addFeature(
                        id, CommandDecoder.decode(feature.path("type").asInt(), commands), properties);
                assertThat(added).as("feature added").isTrue();
            }
        }
        return writer.toByteArray();
    }

    private static Object javaValue(JsonNode value) {
        Map.Entry<String, JsonNode> field = value.fields().next();
        JsonNode content = field.getValue();
        return switch (field.getKey()) {
            case "string_value" -> content.asText();
            case "float_value" -> content.floatValue();
            case "double_value" -> content.doubleValue();
            case "bool_value" -> content.booleanValue();
            case "int_value", "uint_value", "sint_value" -> content.longValue();
            default -> throw new AssertionError("no such value type: " + field.getKey());
        };
    }

    /**
     * What a reader sees, independent of how the tables are laid out: layers with features, each feature's id, type,
     * commands and its properties resolved from the key and value tables (whole numbers as one kind, as the writer
     * chooses uint or sint by sign).
     */
    private static ObjectNode comparable(ObjectNode tile) {
        ObjectNode result = JSON.objectNode();
        ArrayNode layers = result.putArray("layers");
        for (JsonNode layer : tile.path("layers")) {
            if (layer.path("features").isEmpty()) {
                continue;
            }
            ObjectNode comparableLayer = layers.addObject();
            comparableLayer.put("name", layer.path("name").asText());
            comparableLayer.put("version", layer.path("version").asLong());
            comparableLayer.put("extent", layer.path("extent").asLong(VectorTileWriter.DEFAULT_EXTENT));
            ArrayNode features = comparableLayer.putArray("features");
            for (JsonNode feature : layer.path("features")) {
                ObjectNode comparableFeature = features.addObject();
                if (feature.has("id")) {
                    comparableFeature.put("id", feature.get("id").asLong());
                }
                comparableFeature.put("type", feature.path("type").asLong());
                comparableFeature.set("geometry", numbersNormalized(feature.path("geometry")));
                ArrayNode properties = comparableFeature.putArray("properties");
                JsonNode tags = feature.path("tags");
                for (int index = 0; index + 1 < tags.size(); index += 2) {
                    ArrayNode property = properties.addArray();
                    property.add(layer.path("keys").get(tags.get(index).asInt()).asText());
                    property.add(comparableValue(
                            layer.path("values").get(tags.get(index + 1).asInt())));
                }
            }
        }
        return result;
    }

    /**
     * The writer writes version 2 of the specification, and an UNKNOWN feature (fixtures 016, 039), whose commands
     * are a point, as a POINT.
     */
    private static ObjectNode asWritten(ObjectNode comparable) {
        for (JsonNode layer : comparable.path("layers")) {
            ((ObjectNode) layer).put("version", 2L);
            for (JsonNode feature : layer.path("features")) {
                if (feature.path("type").asLong() == 0) {
                    ((ObjectNode) feature).put("type", 1L);
                }
            }
        }
        return comparable;
    }

    private static JsonNode comparableValue(JsonNode value) {
        Map.Entry<String, JsonNode> field = value.fields().next();
        ObjectNode result = JSON.objectNode();
        switch (field.getKey()) {
            case "int_value", "uint_value", "sint_value" ->
                result.put("whole", field.getValue().asLong());
            default -> result.set(field.getKey(), numbersNormalized(value).get(field.getKey()));
        }
        return result;
    }

    /**
     * The tile with proto2's defaults where a field is absent (no layers, extent 4096, type UNKNOWN): the fixtures'
     * JSON spells them out for some fixtures whose bytes leave them out, and leaves them out for others.
     */
    private static JsonNode withDefaults(JsonNode tile) {
        ObjectNode result = tile.deepCopy();
        if (!result.has("layers")) {
            result.putArray("layers");
        }
        for (JsonNode layer : result.path("layers")) {
            if (!layer.has("extent")) {
                ((ObjectNode) layer).put("extent", VectorTileWriter.DEFAULT_EXTENT);
            }
            for (JsonNode feature : layer.path("features")) {
                if (!feature.has("type")) {
                    ((ObjectNode) feature).put("type", 0);
                }
            }
        }
        return result;
    }

    /** Whole numbers as longs, {@code float_value}s as floats and {@code string_value}s as text, however typed. */
    private static JsonNode numbersNormalized(JsonNode node) {
        if (node.isObject()) {
            ObjectNode result = JSON.objectNode();
            node.fields()
                    .forEachRemaining(field -> result.set(
                            field.getKey(),
                            switch (field.getKey()) {
                                case "float_value" ->
                                    JSON.numberNode(field.getValue().floatValue());
                                // Fixture 076's JSON writes its string "613" as a number.
                                case "string_value" ->
                                    JSON.textNode(field.getValue().asText());
                                default -> numbersNormalized(field.getValue());
                            }));
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JSON.arrayNode();
            node.forEach(element -> result.add(numbersNormalized(element)));
            return result;
        }
        if (node.isIntegralNumber()) {
            return JSON.numberNode(node.longValue());
        }
        return node;
    }

    private static byte[] bytes(String fixture) {
        try {
            return Files.readAllBytes(FIXTURES.resolve(fixture).resolve("tile.mvt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String fixture) {
        return read(FIXTURES.resolve(fixture).resolve("tile.json"));
    }

    private static JsonNode info(Path directory) {
        return read(directory.resolve("info.json"));
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
