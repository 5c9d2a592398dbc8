package com.carto.connections.tiles;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes a Mapbox Vector Tile (specification 2.1): layers of features, each a geometry in the tile's units with
 * properties, encoded in the order they are added.
 *
 * <p>Geometries are given in tile units (x east, y down, 0 to the extent across the tile); {@link TileGeometries}
 * brings a geometry in degrees or Web Mercator metres there, clipped and snapped. Property values are written as the
 * specification's value types: {@code String} as a string, {@code Boolean} as a bool, {@code Float} as a float,
 * {@code Double} and {@code BigDecimal} as a double, whole numbers ({@code Byte} to {@code Long}, and a
 * {@code BigInteger} that fits a {@code long}) as a {@code uint} when not negative and a {@code sint} otherwise (as
 * PostGIS's {@code ST_AsMVT} does), anything else as its {@code toString()}; a {@code null} value leaves its key out
 * of that feature, since a vector tile has no null. Keys and values are written once per layer.
 *
 * <p>Not thread-safe: one tile, one thread.
 */
public final class VectorTileWriter {
    /** The extent most clients expect, and PostGIS's default. */
    public static final int DEFAULT_EXTENT = 4096;

    /** The widest extent accepted. */
    public static final int MAX_EXTENT = 1 << 16;

    private final Map<String, Layer> layers = new LinkedHashMap<>();

    /**
     * A new, empty layer. Names are unique in a tile (specification §4.1) and not empty.
     *
     * @throws InvalidConfigurationException naming {@code layer} for an empty or repeated name, or {@code extent} for
     *     an extent outside 1–{@value #MAX_EXTENT}
     */
    public Layer layer(String name, int extent) {
        requireNonNull(name, "name is null");
        if (name.isEmpty()) {
            throw InvalidConfigurationException.of("layer", "must have a name");
        }
        if (layers.containsKey(name)) {
            throw InvalidConfigurationException.of(
                    "layer",
                    "names must be unique in a tile but " + InvalidConfigurationException.abbreviate(name)
                            + " is repeated");
        }
        TileCoordinates.requireExtentAndBuffer(extent, 0);
        Layer layer = new Layer(name, extent);
        layers.put(name, layer);
        return layer;
    }

    /**
     * The tile's bytes. A layer without features is left out, as the specification asks of encoders; a tile without
     * any is zero bytes long.
     */
    public byte[] toByteArray() {
        ProtobufOutput tile = new ProtobufOutput();
        for (Layer layer : layers.values()) {
            if (layer.featureCount > 0) {
                tile.messageField(3, layer.encode());
            }
        }
        return tile.toByteArray();
    }

    /** The length {@link #toByteArray()} would have, without encoding the tile: for a byte cap checked per feature. */
    public int size() {
        int size = 0;
        for (Layer layer : layers.values()) {
            if (layer.featureCount > 0) {
                int layerSize = layer.size();
                size += 1 + ProtobufOutput.varintSize(layerSize) + layerSize;
            }
        }
        return size;
    }

    /** A layer of the tile; features are added in their order. */
    public static final class Layer {
        private final String name;
        private final int extent;
        private final ProtobufOutput features = new ProtobufOutput();
        private final Map<String, Integer> keys = new HashMap<>();
        private final ProtobufOutput keyTable = new ProtobufOutput();
        private final Map<ByteBuffer, Integer> values = new HashMap<>();
        private final ProtobufOutput valueTable = new ProtobufOutput();
        private int featureCount;
        private int[] tags = new int[16];

        private Layer(String name, int extent) {
            this.name = name;
            this.extent = extent;
        }

        /**
         * Adds a feature, unless nothing of its geometry can be written (empty, or only repeated points, lines shorter
         * than two points, rings without area).
         *
         * @param id the feature's id, written when not negative (the specification's id is unsigned)
         * @param geometry points, lines or polygons in tile units
         * @param properties the feature's properties, in the order their keys are to be written
         * @return whether the feature was added
         * @throws IllegalArgumentException for a geometry collection or a coordinate that is not finite or beyond
         *     ±2^30 units
         */
        public boolean addFeature(@Nullable Long id, Geometry geometry, Map<String, ?> properties) {
            requireNonNull(geometry, "geometry is null");
            requireNonNull(properties, "properties is null");
            GeometryCommands.Encoded encoded = GeometryCommands.encode(geometry);
            if (encoded.isEmpty()) {
                return false;
            }
            int tagCount = 0;
            for (Map.Entry<String, ?> property : properties.entrySet()) {
                Object value = property.getValue();
                if (value == null) {
                    continue;
                }
                if (tagCount + 2 > tags.length) {
                    tags = Arrays.copyOf(tags, tags.length * 2);
                }
                tags[tagCount++] = keyIndex(requireNonNull(property.getKey(), "a property's key is null"));
                tags[tagCount++] = valueIndex(value);
            }
            ProtobufOutput feature = new ProtobufOutput();
            if (id != null && id >= 0) {
                feature.varintField(1, id);
            }
            feature.packedField(2, tags, tagCount);
            feature.varintField(3, encoded.type());
            feature.packedField(4, encoded.commands(), encoded.commands().length);
            features.messageField(2, feature);
            featureCount++;
            return true;
        }

        public String name() {
            return name;
        }

        public int extent() {
            return extent;
        }

        public int featureCount() {
            return featureCount;
        }

        /** The length of {@link #encode()}'s bytes, field by field. */
        int size() {
            int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
            return 1
                    + ProtobufOutput.varintSize(nameLength)
                    + nameLength
                    + features.size()
                    + keyTable.size()
                    + valueTable.size()
                    + 1
                    + ProtobufOutput.varintSize(extent)
                    + 1
                    + 1;
        }

        private int keyIndex(String key) {
            Integer index = keys.get(key);
            if (index == null) {
                index = keys.size();
                keys.put(key, index);
                keyTable.stringField(3, key);
            }
            return index;
        }

        private int valueIndex(Object value) {
            byte[] encoded = encodeValue(value);
            ByteBuffer key = ByteBuffer.wrap(encoded);
            Integer index = values.get(key);
            if (index == null) {
                index = values.size();
                values.put(key, index);
                valueTable.bytesField(4, encoded);
            }
            return index;
        }

        /** Fields in number order: name, features, keys, values, extent, version (§4.1). */
        private ProtobufOutput encode() {
            ProtobufOutput layer = new ProtobufOutput();
            layer.stringField(1, name);
            layer.append(features);
            layer.append(keyTable);
            layer.append(valueTable);
            layer.varintField(5, extent);
            layer.varintField(15, 2);
            return layer;
        }
    }

    /** One {@code Value} message (§4.1): exactly one of its fields. */
    private static byte[] encodeValue(Object value) {
        ProtobufOutput output = new ProtobufOutput();
        if (value instanceof String text) {
            output.stringField(1, text);
        } else if (value instanceof Boolean bool) {
            output.varintField(7, bool ? 1 : 0);
        } else if (value instanceof Float single) {
            output.floatField(2, single);
        } else if (value instanceof Double || value instanceof BigDecimal) {
            output.doubleField(3, ((Number) value).doubleValue());
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            writeWhole(output, ((Number) value).longValue());
        } else if (value instanceof BigInteger big && big.bitLength() < 64) {
            writeWhole(output, big.longValue());
        } else {
            output.stringField(1, value.toString());
        }
        return output.toByteArray();
    }

    private static void writeWhole(ProtobufOutput output, long value) {
        if (value >= 0) {
            output.varintField(5, value);
        } else {
            output.varintField(6, (value << 1) ^ (value >> 63));
        }
    }
}
