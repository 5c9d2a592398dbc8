package com.carto.connections.tiles;

import java.util.Arrays;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;

/**
 * One feature's geometry as the command integers of the vector tile specification 2.1, §4.3: {@code MoveTo},
 * {@code LineTo} and {@code ClosePath}, each followed by its parameters, every coordinate zig-zag encoded as the
 * difference from the cursor, which carries over from one part of the feature to the next (§4.3.2).
 *
 * <p>The coordinates are the tile's units, already whole numbers (they are rounded here only to guard against a
 * caller's stray fraction). What the specification forbids is left out rather than written: repeated points, lines
 * shorter than two distinct points, rings of fewer than three or of zero area. Rings are turned to the winding the
 * specification requires (§4.3.4.4): exterior rings of positive area by the surveyor's formula in tile coordinates (y
 * down, so clockwise on screen), interior rings of negative area.
 */
final class GeometryCommands {
    static final int UNKNOWN = 0;
    static final int POINT = 1;
    static final int LINESTRING = 2;
    static final int POLYGON = 3;

    private static final int MOVE_TO = 1;
    private static final int LINE_TO = 2;
    private static final int CLOSE_PATH = 7;

    /** A command's count is 29 bits (§4.3.1); coordinates beyond this many units cannot be told apart anyway. */
    static final long MAX_COORDINATE = 1L << 30;

    private int[] commands = new int[16];
    private int length;
    private long cursorX;
    private long cursorY;

    private GeometryCommands() {}

    /**
     * The feature's type (§4.3.4) and commands, or {@code null} when nothing of the geometry can be written.
     *
     * @throws IllegalArgumentException for a geometry collection (no vector tile type holds one) or a coordinate that
     *     is not finite or beyond ±2^30 units
     */
    static Encoded encode(Geometry geometry) {
        if (geometry.isEmpty()) {
            return new Encoded(UNKNOWN, new int[0]);
        }
        GeometryCommands writer = new GeometryCommands();
        int type;
        if (geometry instanceof Puntal) {
            type = POINT;
            writer.points(geometry);
        } else if (geometry instanceof Polygonal) {
            type = POLYGON;
            for (int index = 0; index < geometry.getNumGeometries(); index++) {
                writer.polygon((Polygon) geometry.getGeometryN(index));
            }
        } else if (geometry instanceof Lineal) {
            type = LINESTRING;
            for (int index = 0; index < geometry.getNumGeometries(); index++) {
                writer.line(((LineString) geometry.getGeometryN(index)).getCoordinates());
            }
        } else {
            throw new IllegalArgumentException("a vector tile feature holds points, lines or polygons, not a "
                    + geometry.getGeometryType() + ": add its members as features of their own");
        }
        return new Encoded(type, Arrays.copyOf(writer.commands, writer.length));
    }

    /** A feature's type and command integers; no commands when nothing could be written. */
    static final class Encoded {
        private final int type;
        private final int[] commands;

        Encoded(int type, int[] commands) {
            this.type = type;
            this.commands = commands;
        }

        int type() {
            return type;
        }

        /** The command integers themselves, not a copy: the writer is their only reader. */
        int[] commands() {
            return commands;
        }

        boolean isEmpty() {
            return commands.length == 0;
        }
    }

    private void points(Geometry puntal) {
        long[] xs = new long[puntal.getNumGeometries()];
        long[] ys = new long[xs.length];
        int count = 0;
        for (int index = 0; index < xs.length; index++) {
            Point point = (Point) puntal.getGeometryN(index);
            if (!point.isEmpty()) {
                xs[count] = unit(point.getX());
                ys[count] = unit(point.getY());
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        command(MOVE_TO, count);
        for (int index = 0; index < count; index++) {
            moveCursor(xs[index], ys[index]);
        }
    }

    private void line(Coordinate[] coordinates) {
        long[][] distinct = distinct(coordinates, false);
        if (distinct[0].length < 2) {
            return;
        }
        path(distinct, false);
    }

    private void polygon(Polygon polygon) {
        long[][] exterior = ring(polygon.getExteriorRing().getCoordinates(), true);
        if (exterior.length == 0) {
            return;
        }
        path(exterior, true);
        for (int index = 0; index < polygon.getNumInteriorRing(); index++) {
            long[][] interior = ring(polygon.getInteriorRingN(index).getCoordinates(), false);
            if (interior.length > 0) {
                path(interior, true);
            }
        }
    }

    /** The ring without its closing point, wound as {@code exterior} requires, or an empty array when degenerate. */
    private static long[][] ring(Coordinate[] coordinates, boolean exterior) {
        long[][] distinct = distinct(coordinates, true);
        long[] xs = distinct[0];
        long[] ys = distinct[1];
        if (xs.length < 3) {
            return new long[0][];
        }
        long doubleArea = 0;
        for (int index = 0; index < xs.length; index++) {
            int next = (index + 1) % xs.length;
            doubleArea += xs[index] * ys[next] - xs[next] * ys[index];
        }
        if (doubleArea == 0) {
            return new long[0][];
        }
        if ((doubleArea > 0) != exterior) {
            reverseAfterFirst(xs);
            reverseAfterFirst(ys);
        }
        return distinct;
    }

    /** Reverses the winding while keeping the first point first, as PostGIS and most encoders do. */
    private static void reverseAfterFirst(long[] values) {
        for (int low = 1, high = values.length - 1; low < high; low++, high--) {
            long swap = values[low];
            values[low] = values[high];
            values[high] = swap;
        }
    }

    /** The coordinates in whole units without consecutive repeats (and without the closing point of a ring). */
    private static long[][] distinct(Coordinate[] coordinates, boolean ring) {
        long[] xs = new long[coordinates.length];
        long[] ys = new long[coordinates.length];
        int count = 0;
        for (Coordinate coordinate : coordinates) {
            long x = unit(coordinate.getX());
            long y = unit(coordinate.getY());
            if (count == 0 || xs[count - 1] != x || ys[count - 1] != y) {
                xs[count] = x;
                ys[count] = y;
                count++;
            }
        }
        if (ring && count > 1 && xs[0] == xs[count - 1] && ys[0] == ys[count - 1]) {
            count--;
        }
        return new long[][] {Arrays.copyOf(xs, count), Arrays.copyOf(ys, count)};
    }

    private void path(long[][] points, boolean closed) {
        long[] xs = points[0];
        long[] ys = points[1];
        command(MOVE_TO, 1);
        moveCursor(xs[0], ys[0]);
        command(LINE_TO, xs.length - 1);
        for (int index = 1; index < xs.length; index++) {
            moveCursor(xs[index], ys[index]);
        }
        if (closed) {
            command(CLOSE_PATH, 1);
        }
    }

    private void command(int id, int count) {
        append((count << 3) | id);
    }

    private void moveCursor(long x, long y) {
        append(zigZag(x - cursorX));
        append(zigZag(y - cursorY));
        cursorX = x;
        cursorY = y;
    }

    /** §4.3.2: {@code (n << 1) ^ (n >> 31)}; the difference of two coordinates within ±2^30 fits 32 bits. */
    static int zigZag(long difference) {
        int value = (int) difference;
        return (value << 1) ^ (value >> 31);
    }

    private static long unit(double coordinate) {
        if (!Double.isFinite(coordinate) || Math.abs(coordinate) > MAX_COORDINATE) {
            throw new IllegalArgumentException(
                    "tile coordinates must be finite and within ±2^30 units but one was " + coordinate);
        }
        return Math.round(coordinate);
    }

    private void append(int value) {
        if (length == commands.length) {
            commands = Arrays.copyOf(commands, length * 2);
        }
        commands[length++] = value;
    }
}
