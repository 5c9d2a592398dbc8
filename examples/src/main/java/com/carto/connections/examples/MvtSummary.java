package com.carto.connections.examples;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back what a map client would see first in an MVT: each layer's name, extent, feature count and property keys.
 * A few lines of protobuf's wire format (varints and length-delimited fields), so that the quickstart needs no
 * protobuf runtime to show what its tile holds.
 */
final class MvtSummary {
    private final byte[] bytes;
    private int position;

    private MvtSummary(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    /** A layer as the summary shows it. */
    record Layer(String name, int extent, int features, List<String> keys) {}

    /** The tile's layers (field 3 of {@code Tile}, vector_tile.proto), in their order. */
    static List<Layer> layers(byte[] tile) {
        List<Layer> layers = new ArrayList<>();
        MvtSummary reader = new MvtSummary(tile, 0);
        while (reader.position < tile.length) {
            long key = reader.varint();
            if (key == ((3 << 3) | 2)) {
                int length = (int) reader.varint();
                layers.add(layer(tile, reader.position, reader.position + length));
                reader.position += length;
            } else {
                reader.skip((int) (key & 7));
            }
        }
        return layers;
    }

    private static Layer layer(byte[] tile, int start, int end) {
        MvtSummary reader = new MvtSummary(tile, start);
        String name = "";
        int extent = 4096;
        int features = 0;
        List<String> keys = new ArrayList<>();
        while (reader.position < end) {
            long key = reader.varint();
            int field = (int) (key >>> 3);
            if (field == 5 && (key & 7) == 0) {
                extent = (int) reader.varint();
            } else if ((key & 7) == 2) {
                int length = (int) reader.varint();
                String text = new String(tile, reader.position, length, StandardCharsets.UTF_8);
                switch (field) {
                    case 1 -> name = text;
                    case 2 -> features++;
                    case 3 -> keys.add(text);
                    default -> {
                        // values (4) are not summarized
                    }
                }
                reader.position += length;
            } else {
                reader.skip((int) (key & 7));
            }
        }
        return new Layer(name, extent, features, keys);
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = bytes[position++];
            value |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }

    private void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> position += 8;
            case 2 -> position += (int) varint();
            case 5 -> position += 4;
            default -> throw new IllegalArgumentException("not a vector tile: wire type " + wireType);
        }
    }
}
