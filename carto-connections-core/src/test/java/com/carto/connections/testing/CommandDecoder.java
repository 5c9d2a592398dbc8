package com.carto.connections.testing;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns a feature's command integers back into a geometry in tile units, as a client would (specification 2.1, §4.3):
 * the cursor carries over between parts, a ring's signed area by the surveyor's formula tells an exterior ring
 * (positive) from an interior one (negative), and a command's count never reads beyond the integers there are.
 */
public final class CommandDecoder {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private CommandDecoder() {}

    public static Geometry decode(int type, long[] commands) {
        List<List<Coordinate>> paths = new ArrayList<>();
        List<Coordinate> path = null;
        long x = 0;
        long y = 0;
        int index = 0;
        while (index < commands.length) {
            long command = commands[index++];
            int id = (int) (command & 0x7);
            long count = command >>> 3;
            if (id == 7) {
                if (path == null) {
                    throw new AssertionError("ClosePath before any MoveTo");
                }
                path.add(new Coordinate(path.get(0)));
                continue;
            }
            for (long repeat = 0; repeat < count && index + 1 < commands.length; repeat++) {
                x += zigZagDecode(commands[index++]);
                y += zigZagDecode(commands[index++]);
                if (id == 1) {
                    path = new ArrayList<>();
                    paths.add(path);
                }
                if (path == null) {
                    throw new AssertionError("LineTo before any MoveTo");
                }
                path.add(new Coordinate(x, y));
            }
        }
        return switch (type) {
            case 2 -> lines(paths);
            case 3 -> polygons(paths);
            default -> points(paths);
        };
    }

    private static Geometry points(List<List<Coordinate>> paths) {
        Point[] points =
                paths.stream().flatMap(List::stream).map(FACTORY::createPoint).toArray(Point[]::new);
        return points.length == 1 ? points[0] : FACTORY.createMultiPoint(points);
    }

    private static Geometry lines(List<List<Coordinate>> paths) {
        LineString[] lines = paths.stream()
                .map(path -> FACTORY.createLineString(path.toArray(Coordinate[]::new)))
                .toArray(LineString[]::new);
        return lines.length == 1 ? lines[0] : FACTORY.createMultiLineString(lines);
    }

    private static Geometry polygons(List<List<Coordinate>> paths) {
        List<Polygon> polygons = new ArrayList<>();
        LinearRing exterior = null;
        List<LinearRing> holes = new ArrayList<>();
        for (List<Coordinate> path : paths) {
            LinearRing ring = FACTORY.createLinearRing(path.toArray(Coordinate[]::new));
            if (signedDoubleArea(path) > 0) {
                if (exterior != null) {
                    polygons.add(FACTORY.createPolygon(exterior, holes.toArray(LinearRing[]::new)));
                }
                exterior = ring;
                holes = new ArrayList<>();
            } else if (exterior == null) {
                throw new AssertionError("an interior ring before any exterior ring");
            } else {
                holes.add(ring);
            }
        }
        if (exterior != null) {
            polygons.add(FACTORY.createPolygon(exterior, holes.toArray(LinearRing[]::new)));
        }
        return polygons.size() == 1 ? polygons.get(0) : FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    /** Twice the surveyor's formula over the ring, which ends where it starts. */
    public static double signedDoubleArea(List<Coordinate> ring) {
        double sum = 0;
        for (int index = 0; index + 1 < ring.size(); index++) {
            Coordinate here = ring.get(index);
            Coordinate next = ring.get(index + 1);
            sum += here.x * next.y - next.x * here.y;
        }
        return sum;
    }

    private static long zigZagDecode(long value) {
        long unsigned = value & 0xFFFF_FFFFL;
        return (unsigned >>> 1) ^ -(unsigned & 1);
    }
}
