package com.carto.connections.tiles;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * What H3 cells need of the H3 library ({@code com.uber:h3}, an optional dependency): the cells that may lie on a
 * tile, and each drawn cell's hexagon in degrees. This class is the only one that names the library's types, and it is
 * loaded only when an H3 source draws a tile; {@link H3Index#requireLibrary} says whether the library is there without
 * loading it.
 */
final class H3Tiles {
    /**
     * The most cells the filter covers a tile with. The drawn resolution keeps a tile near 1,000 to 6,000 drawn cells;
     * the filter covers it with cells two resolutions coarser (49 times fewer), so it stays under this unless the tile
     * is far north or south, where the filter's cells get coarser still.
     */
    static final int MAX_FILTER_CELLS = 600;

    /** The mean edge of an H3 hexagon at each resolution, in km (the H3 documentation's table). */
    private static final double[] EDGE_KM = {
        1281.256011, 483.0568391, 182.5129565, 68.97922179, 26.07175968, 9.854090990, 3.724532667, 1.406475763,
        0.531414010, 0.200786148, 0.075863783, 0.028663897, 0.010830188, 0.004092010, 0.001546100, 0.000584169
    };

    private static final double KM_PER_DEGREE = 111.195;
    /** Longitude slices this wide at most, so that the library never reads a box edge as crossing the antimeridian. */
    private static final double SLICE_DEGREES = 60;

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private H3Tiles() {}

    /**
     * The runs of {@code resolution}'s cells the tile's statement keeps, each {@code [first, last]}, in order: the
     * descendants of the coarser cells that may hold a cell of {@code drawn} on the buffered tile.
     */
    static List<long[]> runsOnTile(TileCoordinates tile, int extent, int buffer, int drawn, int resolution) {
        SortedSet<Long> cover = new TreeSet<>();
        for (int coarser = Math.max(0, drawn - 2); coarser >= 0; coarser--) {
            cover = cover(tile, extent, buffer, coarser);
            if (cover.size() <= MAX_FILTER_CELLS) {
                break;
            }
        }
        List<long[]> runs = new ArrayList<>();
        long previous = -1;
        for (long cell : cover) {
            long[] run = H3Index.descendants(cell, resolution);
            // Neighbours in the integers' order make one run: no cell of the resolution lies between them.
            if (!runs.isEmpty() && H3Index.next(previous) == cell) {
                runs.get(runs.size() - 1)[1] = run[1];
            } else {
                runs.add(run);
            }
            previous = cell;
        }
        return runs;
    }

    /**
     * The cells of {@code resolution} that may hold a cell of two resolutions finer on the buffered tile. The library's
     * {@code polygonToCells} gives the cells whose centre is on the tile; a cell the tile's edge crosses may have its
     * centre off the tile, so points along the edges, closer together than a quarter of the cells' edge, add the cells
     * they fall in. A cell touching the tile then holds one of those points or is a neighbour of a cell that does. And
     * a cell's descendants reach a little beyond it (H3 children do not nest exactly) but never beyond its neighbours:
     * so one ring around the cells with their centre on the tile, and two around the edge's cells, hold every cell
     * whose descendants may touch the tile.
     */
    static SortedSet<Long> cover(TileCoordinates tile, int extent, int buffer, int resolution) {
        H3Core h3 = Library.h3();
        Envelope metres = tile.mercatorEnvelope(extent, buffer);
        double west = Math.max(-180, TileCoordinates.longitude(metres.getMinX()));
        double east = Math.min(180, TileCoordinates.longitude(metres.getMaxX()));
        double south = TileCoordinates.latitude(Math.max(-TileCoordinates.HALF_WORLD, metres.getMinY()));
        double north = TileCoordinates.latitude(Math.min(TileCoordinates.HALF_WORLD, metres.getMaxY()));
        TreeSet<Long> inside = new TreeSet<>();
        TreeSet<Long> onEdges = new TreeSet<>();
        int slices = (int) Math.ceil((east - west) / SLICE_DEGREES);
        double width = (east - west) / slices;
        double step = EDGE_KM[resolution] / KM_PER_DEGREE / 4;
        for (int slice = 0; slice < slices; slice++) {
            double sliceWest = west + slice * width;
            double sliceEast = slice == slices - 1 ? east : sliceWest + width;
            inside.addAll(h3.polygonToCells(
                    List.of(
                            new LatLng(south, sliceWest),
                            new LatLng(south, sliceEast),
                            new LatLng(north, sliceEast),
                            new LatLng(north, sliceWest)),
                    List.of(),
                    resolution));
        }
        addAlong(h3, onEdges, south, west, south, east, step, resolution);
        addAlong(h3, onEdges, north, west, north, east, step, resolution);
        addAlong(h3, onEdges, south, west, north, west, step, resolution);
        addAlong(h3, onEdges, south, east, north, east, step, resolution);
        TreeSet<Long> cover = new TreeSet<>();
        for (long cell : inside) {
            cover.addAll(h3.gridDisk(cell, 1));
        }
        for (long cell : onEdges) {
            cover.addAll(h3.gridDisk(cell, 2));
        }
        return cover;
    }

    /**
     * The cell's hexagon (or pentagon) in degrees, longitude as x, its edges straight in degrees. A cell across the
     * antimeridian is drawn whole on the side of the tile's centre {@code tileLongitude}, its longitudes beyond ±180; a
     * cell around a pole is closed along the pole's latitude and repeated a turn to either side, so that it fills
     * the top (or bottom) of every tile it covers. An integer that is not a valid cell is an empty polygon.
     */
    static Polygon hexagon(long cell, double tileLongitude) {
        H3Core h3 = Library.h3();
        if (!h3.isValidCell(cell)) {
            // An integer in a run that is no H3 cell (a digit 7 above its resolution): on no tile.
            return FACTORY.createPolygon();
        }
        List<LatLng> boundary = h3.cellToBoundary(cell);
        int count = boundary.size();
        double[] longitudes = new double[count];
        double[] latitudes = new double[count];
        longitudes[0] = boundary.get(0).lng;
        latitudes[0] = boundary.get(0).lat;
        double latitudeSum = latitudes[0];
        for (int index = 1; index < count; index++) {
            LatLng vertex = boundary.get(index);
            longitudes[index] = longitudes[index - 1] + turn(vertex.lng - boundary.get(index - 1).lng);
            latitudes[index] = vertex.lat;
            latitudeSum += vertex.lat;
        }
        double winding = longitudes[count - 1] + turn(longitudes[0] - longitudes[count - 1]) - longitudes[0];
        if (Math.abs(winding) > 180) {
            return aroundPole(longitudes, latitudes, winding, latitudeSum > 0 ? 90 : -90);
        }
        double west = Double.POSITIVE_INFINITY;
        double east = Double.NEGATIVE_INFINITY;
        for (double longitude : longitudes) {
            west = Math.min(west, longitude);
            east = Math.max(east, longitude);
        }
        double shift = 0;
        if (west < -180 || east > 180) {
            double middle = (west + east) / 2;
            shift = 360 * Math.round((tileLongitude - middle) / 360);
        }
        Coordinate[] ring = new Coordinate[count + 1];
        for (int index = 0; index < count; index++) {
            ring[index] = new Coordinate(longitudes[index] + shift, latitudes[index]);
        }
        ring[count] = ring[0].copy();
        return FACTORY.createPolygon(ring);
    }

    /** A longitude difference brought into (-180, 180]. */
    private static double turn(double difference) {
        double turned = difference % 360;
        if (turned > 180) {
            turned -= 360;
        } else if (turned <= -180) {
            turned += 360;
        }
        return turned;
    }

    /**
     * A cell around a pole: its boundary goes once round, so its longitudes end a turn from where they began. Three
     * turns of it, from a turn west to a turn east, closed along the pole's latitude, make one polygon that covers the
     * cell wherever a tile looks.
     */
    private static Polygon aroundPole(double[] longitudes, double[] latitudes, double winding, double pole) {
        int count = longitudes.length;
        List<Coordinate> ring = new ArrayList<>();
        for (int copy = -1; copy <= 1; copy++) {
            for (int index = 0; index < count; index++) {
                ring.add(new Coordinate(longitudes[index] + copy * winding, latitudes[index]));
            }
        }
        double end = longitudes[0] + 2 * winding;
        ring.add(new Coordinate(end, latitudes[0]));
        ring.add(new Coordinate(end, pole));
        ring.add(new Coordinate(longitudes[0] - winding, pole));
        ring.add(ring.get(0).copy());
        return FACTORY.createPolygon(ring.toArray(Coordinate[]::new));
    }

    /** Adds the cells of points along a line of constant latitude or longitude, {@code step} degrees apart or less. */
    private static void addAlong(
            H3Core h3,
            Set<Long> cells,
            double fromLatitude,
            double fromLongitude,
            double toLatitude,
            double toLongitude,
            double step,
            int resolution) {
        double length = Math.max(Math.abs(toLatitude - fromLatitude), Math.abs(toLongitude - fromLongitude));
        int steps = Math.max(1, (int) Math.ceil(length / step));
        for (int index = 0; index <= steps; index++) {
            double fraction = (double) index / steps;
            cells.add(h3.latLngToCell(
                    fromLatitude + (toLatitude - fromLatitude) * fraction,
                    fromLongitude + (toLongitude - fromLongitude) * fraction,
                    resolution));
        }
    }

    /** The library, loaded once, on first use: it unpacks its native code to a temporary file. */
    private static final class Library {
        private static @Nullable H3Core loaded;

        private Library() {}

        static synchronized H3Core h3() {
            H3Core h3 = loaded;
            if (h3 == null) {
                try {
                    h3 = H3Core.newInstance();
                } catch (IOException | UnsatisfiedLinkError failed) {
                    throw new ConnectionException(
                            ErrorCategory.UNSUPPORTED,
                            "indexType: the H3 library could not load its native code on this platform ("
                                    + failed.getClass().getSimpleName() + ")",
                            failed);
                }
                loaded = h3;
            }
            return h3;
        }
    }
}
