package com.carto.connections.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;

/**
 * Reads a vector tile with protobuf-java against the schema of the specification's {@code vector_tile.proto} (2.1),
 * declared here field by field, into the JSON shape of mvt-fixtures' {@code tile.json}: optional fields only when
 * present, repeated ones always, integers as longs (unsigned ones as their unsigned value) and floats as floats.
 *
 * <p>Independent of {@link ProtobufOutput}: a field number, wire type or packing the writer gets wrong shows up as an
 * unknown field or a parse failure here, which {@link #read} refuses.
 */
public final class VectorTileDecoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Descriptor TILE = tileDescriptor();
    private static final ObjectMapper VALUES = new ObjectMapper();

    private VectorTileDecoder() {}

    public static ObjectNode read(byte[] bytes) {
        DynamicMessage tile;
        try {
            tile = DynamicMessage.parseFrom(TILE, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a vector tile: " + e.getMessage(), e);
        }
        requireNoUnknownFields(tile);
        return (ObjectNode) toJson(tile);
    }

    /** The features of every layer by their ids. */
    public static Map<Long, JsonNode> featuresById(JsonNode tile) {
        Map<Long, JsonNode> features = new TreeMap<>();
        for (JsonNode layer : tile.path("layers")) {
            for (JsonNode feature : layer.path("features")) {
                features.put(feature.path("id").asLong(), feature);
            }
        }
        return features;
    }

    /** The feature ids of a tile's bytes, in order; none for no bytes (a tile with no content). */
    public static Set<Long> featureIds(byte[] tile) {
        return tile.length == 0
                ? new TreeSet<>()
                : new TreeSet<>(featuresById(read(tile)).keySet());
    }

    /** A decoded feature's properties, by the layer's key and value tables, in the feature's tag order. */
    public static Map<String, Object> properties(JsonNode layer, JsonNode feature) {
        Map<String, Object> properties = new LinkedHashMap<>();
        JsonNode tags = feature.path("tags");
        for (int index = 0; index + 1 < tags.size(); index += 2) {
            String key = layer.path("keys").get(tags.get(index).asInt()).asText();
            JsonNode value = layer.path("values").get(tags.get(index + 1).asInt());
            properties.put(key, VALUES.convertValue(value.elements().next(), Object.class));
        }
        return properties;
    }

    /**
     * Checks that two tiles hold the same feature ids, each of the same type, points on the same units and lines and
     * polygons within 1.5 units (two clipping algorithms differ by that much); returns how many features it compared.
     */
    public static int assertSameFeatures(SoftAssertions softly, String what, byte[] expected, byte[] actual) {
        Map<Long, JsonNode> theirs = expected.length == 0 ? Map.of() : featuresById(read(expected));
        Map<Long, JsonNode> ours = actual.length == 0 ? Map.of() : featuresById(read(actual));
        softly.assertThat(ours.keySet()).as("feature ids, " + what).isEqualTo(theirs.keySet());
        int compared = 0;
        for (Map.Entry<Long, JsonNode> feature : theirs.entrySet()) {
            JsonNode our = ours.get(feature.getKey());
            if (our == null) {
                continue;
            }
            compared++;
            int type = feature.getValue().path("type").asInt();
            softly.assertThat(our.path("type").asInt())
                    .as(what + " type of " + feature.getKey())
                    .isEqualTo(type);
            org.locationtech.jts.geom.Geometry theirGeometry = geometry(feature.getValue());
            org.locationtech.jts.geom.Geometry ourGeometry = geometry(our);
            softly.assertThat(DiscreteHausdorffDistance.distance(ourGeometry, theirGeometry))
                    .as(what + " feature " + feature.getKey() + ": " + ourGeometry + ", expected " + theirGeometry)
                    .isLessThanOrEqualTo(type == 1 ? 0.0 : 1.5);
        }
        return compared;
    }

    /** A decoded feature's geometry, in tile units. */
    public static org.locationtech.jts.geom.Geometry geometry(JsonNode feature) {
        JsonNode geometry = feature.path("geometry");
        long[] commands = new long[geometry.size()];
        for (int index = 0; index < commands.length; index++) {
            commands[index] = geometry.get(index).asLong();
        }
        return CommandDecoder.decode(feature.path("type").asInt(), commands);
    }

    private static void requireNoUnknownFields(Message message) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new AssertionError("fields the specification does not have in a "
                    + message.getDescriptorForType().getName() + ": "
                    + message.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                for (Object child : values(field.getKey(), field.getValue())) {
                    requireNoUnknownFields((Message) child);
                }
            }
        }
    }

    private static JsonNode toJson(Message message) {
        ObjectNode object = JSON.objectNode();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.isRepeated()) {
                ArrayNode array = object.putArray(field.getName());
                for (Object value : values(field, message.getField(field))) {
                    array.add(scalar(field, value));
                }
            } else if (message.hasField(field)) {
                object.set(field.getName(), scalar(field, message.getField(field)));
            }
        }
        return object;
    }

    private static List<?> values(FieldDescriptor field, Object value) {
        return field.isRepeated() ? (List<?>) value : List.of(value);
    }

    private static JsonNode scalar(FieldDescriptor field, Object value) {
        return switch (field.getType()) {
            case MESSAGE -> toJson((Message) value);
            case STRING -> JSON.textNode((String) value);
            case BOOL -> JSON.booleanNode((Boolean) value);
            case FLOAT -> JSON.numberNode((Float) value);
            case DOUBLE -> JSON.numberNode((Double) value);
            case UINT32 -> JSON.numberNode(Integer.toUnsignedLong((Integer) value));
            case UINT64, INT64, SINT64 -> JSON.numberNode((Long) value);
            case ENUM -> JSON.numberNode((long) ((Descriptors.EnumValueDescriptor) value).getNumber());
            default -> throw new AssertionError("no such type in vector_tile.proto: " + field.getType());
        };
    }

    /** vector_tile.proto 2.1 (github.com/mapbox/vector-tile-spec/blob/master/2.1/vector_tile.proto), as descriptors. */
    private static Descriptor tileDescriptor() {
        DescriptorProto value = DescriptorProto.newBuilder()
                .setName("Value")
                .addField(optional("string_value", 1, Type.TYPE_STRING))
                .addField(optional("float_value", 2, Type.TYPE_FLOAT))
                .addField(optional("double_value", 3, Type.TYPE_DOUBLE))
                .addField(optional("int_value", 4, Type.TYPE_INT64))
                .addField(optional("uint_value", 5, Type.TYPE_UINT64))
                .addField(optional("sint_value", 6, Type.TYPE_SINT64))
                .addField(optional("bool_value", 7, Type.TYPE_BOOL))
                .addExtensionRange(
                        DescriptorProto.ExtensionRange.newBuilder().setStart(8).setEnd(536_870_912))
                .build();
        DescriptorProto feature = DescriptorProto.newBuilder()
                .setName("Feature")
                .addField(optional("id", 1, Type.TYPE_UINT64).setDefaultValue("0"))
                .addField(packed("tags", 2))
                .addField(optional("type", 3, Type.TYPE_ENUM)
                        .setTypeName(".vector_tile.Tile.GeomType")
                        .setDefaultValue("UNKNOWN"))
                .addField(packed("geometry", 4))
                .build();
        DescriptorProto layer = DescriptorProto.newBuilder()
                .setName("Layer")
                .addField(optional("version", 15, Type.TYPE_UINT32)
                        .setLabel(Label.LABEL_REQUIRED)
                        .setDefaultValue("1"))
                .addField(optional("name", 1, Type.TYPE_STRING).setLabel(Label.LABEL_REQUIRED))
                .addField(optional("features", 2, Type.TYPE_MESSAGE)
                        .setLabel(Label.LABEL_REPEATED)
                        .setTypeName(".vector_tile.Tile.Feature"))
                .addField(optional("keys", 3, Type.TYPE_STRING).setLabel(Label.LABEL_REPEATED))
                .addField(optional("values", 4, Type.TYPE_MESSAGE)
                        .setLabel(Label.LABEL_REPEATED)
                        .setTypeName(".vector_tile.Tile.Value"))
                .addField(optional("extent", 5, Type.TYPE_UINT32).setDefaultValue("4096"))
                .build();
        EnumDescriptorProto geometryType = EnumDescriptorProto.newBuilder()
                .setName("GeomType")
                .addValue(enumValue("UNKNOWN", 0))
                .addValue(enumValue("POINT", 1))
                .addValue(enumValue("LINESTRING", 2))
                .addValue(enumValue("POLYGON", 3))
                .build();
        DescriptorProto tile = DescriptorProto.newBuilder()
                .setName("Tile")
                .addEnumType(geometryType)
                .addNestedType(value)
                .addNestedType(feature)
                .addNestedType(layer)
                .addField(optional("layers", 3, Type.TYPE_MESSAGE)
                        .setLabel(Label.LABEL_REPEATED)
                        .setTypeName(".vector_tile.Tile.Layer"))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("vector_tile.proto")
                .setPackage("vector_tile")
                .setSyntax("proto2")
                .addMessageType(tile)
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                    .findMessageTypeByName("Tile");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new AssertionError(e);
        }
    }

    private static FieldDescriptorProto.Builder optional(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(Label.LABEL_OPTIONAL);
    }

    private static FieldDescriptorProto.Builder packed(String name, int number) {
        return optional(name, number, Type.TYPE_UINT32)
                .setLabel(Label.LABEL_REPEATED)
                .setOptions(FieldOptions.newBuilder().setPacked(true));
    }

    private static EnumValueDescriptorProto enumValue(String name, int number) {
        return EnumValueDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .build();
    }
}
