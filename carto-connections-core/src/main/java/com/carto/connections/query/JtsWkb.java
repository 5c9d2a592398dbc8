package com.carto.connections.query;

import java.io.ByteArrayOutputStream;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes a JTS geometry as little-endian ISO WKB with the Z and M ordinates it has. JTS's own {@code WKBWriter}
 * writes Z as an extended-WKB flag and fails on M coordinates (1.20: "Invalid ordinate index: 3" for XYM), so this
 * small writer takes its place.
 */
final class JtsWkb {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean z;
    private final boolean m;

    private JtsWkb(boolean z, boolean m) {
        this.z = z;
        this.m = m;
    }

    static byte[] write(org.locationtech.jts.geom.Geometry geometry) {
        boolean[] zm = new boolean[2];
        scan(geometry, zm);
        JtsWkb writer = new JtsWkb(zm[0], zm[1]);
        writer.geometry(geometry);
        return writer.out.toByteArray();
    }

    /** Whether any coordinate has a Z value, and whether any sequence has measures. */
    private static void scan(org.locationtech.jts.geom.Geometry geometry, boolean[] zm) {
        if (geometry instanceof GeometryCollection collection) {
            for (int index = 0; index < collection.getNumGeometries(); index++) {
                scan(collection.getGeometryN(index), zm);
            }
        } else if (geometry instanceof Point point) {
            scan(point.getCoordinateSequence(), zm);
        } else if (geometry instanceof LineString line) {
            scan(line.getCoordinateSequence(), zm);
        } else if (geometry instanceof Polygon polygon) {
            scan(polygon.getExteriorRing().getCoordinateSequence(), zm);
            for (int index = 0; index < polygon.getNumInteriorRing(); index++) {
                scan(polygon.getInteriorRingN(index).getCoordinateSequence(), zm);
            }
        }
    }

    private static void scan(CoordinateSequence sequence, boolean[] zm) {
        zm[1] |= sequence.size() > 0 && sequence.hasM();
        // JTS gives every sequence room for Z and fills it with NaN when the input had none.
        for (int index = 0; !zm[0] && index < sequence.size() && sequence.hasZ(); index++) {
            zm[0] = !Double.isNaN(sequence.getZ(index));
        }
    }

    private void geometry(org.locationtech.jts.geom.Geometry geometry) {
        if (geometry instanceof Point point) {
            header(1);
            if (point.isEmpty()) {
                for (int ordinate = 0; ordinate < ordinates(); ordinate++) {
                    putDouble(Double.NaN);
                }
            } else {
                coordinate(point.getCoordinateSequence(), 0);
            }
        } else if (geometry instanceof LineString line) {
            header(2);
            sequence(line.getCoordinateSequence());
        } else if (geometry instanceof Polygon polygon) {
            header(3);
            if (polygon.isEmpty()) {
                putInt(0);
                return;
            }
            putInt(1 + polygon.getNumInteriorRing());
            sequence(polygon.getExteriorRing().getCoordinateSequence());
            for (int index = 0; index < polygon.getNumInteriorRing(); index++) {
                sequence(polygon.getInteriorRingN(index).getCoordinateSequence());
            }
        } else if (geometry instanceof GeometryCollection collection) {
            header(
                    collection instanceof MultiPoint
                            ? 4
                            : collection instanceof MultiLineString ? 5 : collection instanceof MultiPolygon ? 6 : 7);
            putInt(collection.getNumGeometries());
            for (int index = 0; index < collection.getNumGeometries(); index++) {
                geometry(collection.getGeometryN(index));
            }
        } else {
            throw new IllegalArgumentException("no WKB form for " + geometry.getGeometryType());
        }
    }

    private void header(int type) {
        out.write(1);
        putInt(type + (z ? 1000 : 0) + (m ? 2000 : 0));
    }

    private int ordinates() {
        return 2 + (z ? 1 : 0) + (m ? 1 : 0);
    }

    private void sequence(CoordinateSequence sequence) {
        putInt(sequence.size());
        for (int index = 0; index < sequence.size(); index++) {
            coordinate(sequence, index);
        }
    }

    private void coordinate(CoordinateSequence sequence, int index) {
        putDouble(sequence.getX(index));
        putDouble(sequence.getY(index));
        if (z) {
            putDouble(sequence.getZ(index));
        }
        if (m) {
            putDouble(sequence.getM(index));
        }
    }

    private void putInt(int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            out.write(value >>> shift);
        }
    }

    private void putDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 0; shift < 64; shift += 8) {
            out.write((int) (bits >>> shift));
        }
    }
}
