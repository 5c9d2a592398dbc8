package com.carto.connections.tiles;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few parts of the Protocol Buffers wire format a vector tile needs: varints, length-delimited fields and
 * fixed-width floats (protobuf.dev, "Encoding"). Written by hand because the tile is four small messages and a
 * protobuf runtime on every user's classpath would be a heavy price for them.
 */
final class ProtobufOutput {
    private static final int VARINT = 0;
    private static final int FIXED_64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED_32 = 5;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void varintField(int field, long value) {
        tag(field, VARINT);
        varint(value);
    }

    void stringField(int field, String value) {
        bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void bytesField(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        bytes.write(value, 0, value.length);
    }

    void messageField(int field, ProtobufOutput message) {
        bytesField(field, message.toByteArray());
    }

    /** A {@code packed} repeated {@code uint32} field; nothing when {@code count} is 0, as proto2 writes it. */
    void packedField(int field, int[] values, int count) {
        if (count == 0) {
            return;
        }
        ProtobufOutput packed = new ProtobufOutput();
        for (int index = 0; index < count; index++) {
            packed.varint(values[index] & 0xFFFF_FFFFL);
        }
        bytesField(field, packed.toByteArray());
    }

    void floatField(int field, float value) {
        tag(field, FIXED_32);
        int bits = Float.floatToRawIntBits(value);
        for (int shift = 0; shift < 32; shift += 8) {
            bytes.write(bits >>> shift);
        }
    }

    void doubleField(int field, double value) {
        tag(field, FIXED_64);
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 0; shift < 64; shift += 8) {
            bytes.write((int) (bits >>> shift));
        }
    }

    /** Fields another output already encoded, written as they are. */
    void append(ProtobufOutput fields) {
        bytes.writeBytes(fields.bytes.toByteArray());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    int size() {
        return bytes.size();
    }

    /** How many bytes {@code value} takes as a varint. */
    static int varintSize(long value) {
        int size = 1;
        long rest = value >>> 7;
        while (rest != 0) {
            size++;
            rest >>>= 7;
        }
        return size;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        bytes.write((int) rest);
    }
}
