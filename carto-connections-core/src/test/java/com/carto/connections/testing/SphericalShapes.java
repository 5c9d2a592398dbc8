package com.carto.connections.testing;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * Shapes on the sphere as the fakes of geography warehouses (BigQuery's GEOGRAPHY, Snowflake's GEOGRAPHY) evaluate
 * them: every edge is the shorter great-circle arc between its vertices, and longitudes wrap at ±180.
 *
 * <p>A shape is laid out in the plane of longitude and latitude by following each edge along its great circle in steps
 * of at most {@value #STEP_DEGREES}°, each longitude taken within 180° of the one before, so that an edge crossing the
 * antimeridian carries on past ±180 instead of turning back across the map. Two shapes intersect when they do in that
 * plane, one of them moved by whole turns of 360°. The steps leave an error under a millionth of a degree: enough for
 * tests, which stay clear of it. A polygon around a pole (its ring does not close in the plane) and an edge between
 * antipodes (no shorter arc) are refused rather than guessed.
 */
public final class SphericalShapes {
    static final double STEP_DEGREES = 0.1;
    private static final GeometryFactory PLANE = new GeometryFactory();

    private SphericalShapes() {}

    /**
     * Whether a shape and the rectangle between the meridians {@code west} and {@code east} (eastwards from
     * {@code west}: a {@code west} greater than {@code east} crosses the antimeridian) and the parallels {@code south}
     * and {@code north} share a point. The rectangle's edges follow the meridians and parallels, not great circles.
     */
    public static boolean intersectsBox(Geometry shape, double west, double south, double east, double north) {
        double eastward = east < west ? east + 360 : east;
        Geometry box = PLANE.toGeometry(new Envelope(west, eastward, south, north));
        return intersectsInSomeTurn(laidOut(shape), box);
    }

    /** Whether two shapes share a point on the sphere. */
    public static boolean intersects(Geometry shape, Geometry other) {
        return intersectsInSomeTurn(laidOut(shape), laidOut(other));
    }

    private static boolean intersectsInSomeTurn(Geometry shape, Geometry other) {
        for (int turns = -2; turns <= 2; turns++) {
            Geometry moved = other.copy();
            moved.apply(AffineTransformation.translationInstance(360.0 * turns, 0));
            if (shape.intersects(moved)) {
                return true;
            }
        }
        return false;
    }

    /** The shape in the plane of longitude and latitude, its edges followed along their great circles. */
    static Geometry laidOut(Geometry shape) {
        if (shape instanceof Point point) {
            return PLANE.createPoint(point.getCoordinate());
        }
        if (shape instanceof LinearRing ring) {
            return PLANE.createLinearRing(followed(ring.getCoordinates(), ring.getCoordinateN(0).x, true));
        }
        if (shape instanceof LineString line) {
            return PLANE.createLineString(followed(line.getCoordinates(), line.getCoordinateN(0).x, false));
        }
        if (shape instanceof Polygon polygon) {
            double start = polygon.getExteriorRing().getCoordinateN(0).x;
            LinearRing shell =
                    PLANE.createLinearRing(followed(polygon.getExteriorRing().getCoordinates(), start, true));
            LinearRing[] holes = new LinearRing[polygon.getNumInteriorRing()];
            for (int index = 0; index < holes.length; index++) {
                holes[index] = PLANE.createLinearRing(
                        followed(polygon.getInteriorRingN(index).getCoordinates(), start, true));
            }
            return PLANE.createPolygon(shell, holes);
        }
        if (shape instanceof GeometryCollection collection) {
            List<Geometry> parts = new ArrayList<>();
            for (int index = 0; index < collection.getNumGeometries(); index++) {
                parts.add(laidOut(collection.getGeometryN(index)));
            }
            return PLANE.buildGeometry(parts);
        }
        throw new IllegalArgumentException("not a shape the fake knows: " + shape.getGeometryType());
    }

    /** The vertices with every edge followed along its great circle, the first longitude near {@code near}. */
    private static Coordinate[] followed(Coordinate[] vertices, double near, boolean ring) {
        List<Coordinate> out = new ArrayList<>();
        Coordinate previous = new Coordinate(unwrapped(vertices[0].x, near), vertices[0].y);
        out.add(previous);
        for (int index = 1; index < vertices.length; index++) {
            Coordinate next = vertices[index];
            double[] from = unit(previous);
            double[] to = unit(next);
            double angle = Math.acos(Math.max(-1, Math.min(1, dot(from, to))));
            if (Math.PI - angle < 1e-12) {
                throw new IllegalArgumentException("an edge between antipodes has no shorter great-circle arc");
            }
            int steps = Math.max(1, (int) Math.ceil(Math.toDegrees(angle) / STEP_DEGREES));
            Coordinate start = previous;
            for (int step = 1; step <= steps; step++) {
                double fraction = (double) step / steps;
                Coordinate along = step == steps ? next : along(start, next, from, to, angle, fraction);
                Coordinate placed = new Coordinate(unwrapped(along.x, previous.x), along.y);
                out.add(placed);
                previous = placed;
            }
        }
        if (ring && !out.get(0).equals2D(out.get(out.size() - 1), 1e-9)) {
            throw new IllegalArgumentException("a polygon around a pole: the fake cannot lay it out");
        }
        if (ring) {
            out.set(out.size() - 1, out.get(0).copy());
        }
        return out.toArray(new Coordinate[0]);
    }

    /**
     * The point a fraction of the way along the great-circle arc (spherical linear interpolation); along a meridian or
     * the equator, whose arcs are even in latitude or longitude, computed exactly, so that a point on such an edge is
     * found on it.
     */
    private static Coordinate along(
            Coordinate start, Coordinate end, double[] from, double[] to, double angle, double fraction) {
        double endLongitude = unwrapped(end.x, start.x);
        if (start.x == endLongitude && Math.abs(start.y) < 90 && Math.abs(end.y) < 90) {
            return new Coordinate(start.x, start.y + (end.y - start.y) * fraction);
        }
        if (start.y == 0 && end.y == 0) {
            return new Coordinate(start.x + (endLongitude - start.x) * fraction, 0);
        }
        double sine = Math.sin(angle);
        double a = Math.sin((1 - fraction) * angle) / sine;
        double b = Math.sin(fraction * angle) / sine;
        double x = a * from[0] + b * to[0];
        double y = a * from[1] + b * to[1];
        double z = a * from[2] + b * to[2];
        return new Coordinate(
                Math.toDegrees(Math.atan2(y, x)), Math.toDegrees(Math.atan2(z, Math.sqrt(x * x + y * y))));
    }

    private static double[] unit(Coordinate lonLat) {
        double longitude = Math.toRadians(lonLat.x);
        double latitude = Math.toRadians(lonLat.y);
        return new double[] {
            Math.cos(latitude) * Math.cos(longitude), Math.cos(latitude) * Math.sin(longitude), Math.sin(latitude)
        };
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** The longitude plus whole turns that brings it within 180° of {@code near}. */
    private static double unwrapped(double longitude, double near) {
        return longitude + 360 * Math.rint((near - longitude) / 360);
    }
}
