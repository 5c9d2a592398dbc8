package com.carto.connections.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.stream.Stream;

/**
 * Writes ISO/OGC WKB straight to a {@link JsonGenerator} as a GeoJSON geometry object, without building JTS
 * objects or text: about twice as fast as WKB → JTS → GeoJSON text. Z is written as a third coordinate; M has no
 * GeoJSON form and is dropped. Coordinates are written as stored, whatever the SRID (GeoJSON itself means WGS 84).
 */
final class WkbGeoJson {
    private static final VarHandle LITTLE_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LITTLE_DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
    // Pre-encoded, so the generator copies bytes instead of escaping the same few strings for every feature.
    private static final SerializedString[] TYPE_NAMES = Stream.of(
                    "",
                    "Point",
                    "LineString",
                    "Polygon",
                    "MultiPoint",
                    "MultiLineString",
                    "MultiPolygon",
                    "GeometryCollection")
            .map(SerializedString::new)
            .toArray(SerializedString[]::new);
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString COORDINATES = new SerializedString("coordinates");
    private static final SerializedString GEOMETRIES = new SerializedString("geometries");
    private static final byte[] NO_WKB = new byte[0];

    private final JsonGenerator generator;
    // Empty between writes, so the geometry's buffer is not kept alive.
    private byte[] wkb = NO_WKB;
    private int position;
    private boolean little;

    WkbGeoJson(JsonGenerator generator) {
        this.generator = generator;
    }

    void write(Geometry geometry) throws IOException {
        wkb = geometry.sharedWkb();
        position = 0;
        try {
            geometry();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalStateException("truncated WKB at byte " + position, e);
        } finally {
            wkb = NO_WKB;
        }
    }

    private void geometry() throws IOException {
        little = wkb[position++] == 1;
        int code = readInt();
        boolean z = (code & 0x80000000) != 0;
        boolean m = (code & 0x40000000) != 0;
        if ((code & 0x20000000) != 0) {
            position += 4; // an EWKB SRID; the Geometry already carries it
        }
        code &= 0x0FFFFFFF;
        int dimensions = code / 1000;
        z |= dimensions == 1 || dimensions == 3;
        m |= dimensions == 2 || dimensions == 3;
        int type = code % 1000;
        if (type < 1 || type > 7) {
            throw new IllegalStateException("unknown WKB geometry type " + code);
        }
        int ordinates = 2 + (z ? 1 : 0) + (m ? 1 : 0);
        generator.writeStartObject();
        generator.writeFieldName(TYPE);
        generator.writeString(TYPE_NAMES[type]);
        if (type == 7) {
            generator.writeFieldName(GEOMETRIES);
            generator.writeStartArray();
            int count = readInt();
            for (int index = 0; index < count; index++) {
                geometry();
            }
        } else {
            generator.writeFieldName(COORDINATES);
            generator.writeStartArray();
            switch (type) {
                case 1 -> point(ordinates, z);
                case 2 -> points(ordinates, z);
                case 3 -> rings(ordinates, z);
                default -> parts(type, ordinates, z);
            }
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /** A point's coordinates inside the already opened array; an empty point (NaN) leaves it empty. */
    private void point(int ordinates, boolean z) throws IOException {
        double x = readDouble();
        double y = readDouble();
        if (Double.isNaN(x) && Double.isNaN(y)) {
            position += 8 * (ordinates - 2);
            return;
        }
        generator.writeNumber(x);
        generator.writeNumber(y);
        if (z) {
            generator.writeNumber(readDouble());
        }
        position += 8 * (ordinates - (z ? 3 : 2));
    }

    private void points(int ordinates, boolean z) throws IOException {
        int count = readInt();
        for (int index = 0; index < count; index++) {
            generator.writeStartArray();
            point(ordinates, z);
            generator.writeEndArray();
        }
    }

    private void rings(int ordinates, boolean z) throws IOException {
        int count = readInt();
        for (int index = 0; index < count; index++) {
            generator.writeStartArray();
            points(ordinates, z);
            generator.writeEndArray();
        }
    }

    /** The members of a multi-geometry, each with its own header, written as their coordinates only. */
    private void parts(int type, int ordinates, boolean z) throws IOException {
        int count = readInt();
        for (int index = 0; index < count; index++) {
            little = wkb[position++] == 1;
            int header = readInt();
            if ((header & 0x20000000) != 0) {
                position += 4;
            }
            generator.writeStartArray();
            switch (type) {
                case 4 -> point(ordinates, z);
                case 5 -> points(ordinates, z);
                default -> rings(ordinates, z);
            }
            generator.writeEndArray();
        }
    }

    private int readInt() {
        int value = little ? (int) LITTLE_INT.get(wkb, position) : (int) BIG_INT.get(wkb, position);
        position += 4;
        return value;
    }

    private double readDouble() {
        double value = little ? (double) LITTLE_DOUBLE.get(wkb, position) : (double) BIG_DOUBLE.get(wkb, position);
        position += 8;
        return value;
    }
}
