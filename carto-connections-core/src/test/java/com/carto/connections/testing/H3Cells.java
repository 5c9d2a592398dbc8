package com.carto.connections.testing;

import com.carto.connections.testing.QuadbinCells.Expected;
import com.carto.connections.testing.QuadbinCells.Row;
import com.carto.connections.tiles.CellAggregate;
import com.carto.connections.tiles.TileCoordinates;
import com.fasterxml.jackson.databind.JsonNode;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.data.Offset;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * An H3 spatial-index table every provider's tile test loads the same way, and what its tiles must show, computed here
 * in Java from the same rows with the H3 library: a disk of resolution-8 cells across the borders of four zoom-6
 * tiles, a small disk across the antimeridian, one at 85° north across Web Mercator's edge, the cell holding the north
 * pole (on no tile), and one cell of resolution 7 that no tile may count.
 *
 * <p>The expectation takes every row, its parent at the drawn resolution from the library's {@code cellToParent}, and
 * the parent's hexagon projected to the tile and cut to the buffered tile with JTS; a parent is on the tile when that
 * leaves area. The SDK finds them with runs of integers from a cover of the tile, a mask in SQL, and its own drawing:
 * their agreement is the test. A parent that leaves a sliver thinner than a unit may or may not be drawn (snapping to
 * whole units decides), so the tile must draw every parent that surely shows and none that cannot.
 */
public final class H3Cells {
    public static final int RESOLUTION = 8;
    /** The block's centre: lon 0 and the border between zoom 6's rows 23 and 24. */
    public static final double BLOCK_LATITUDE = 40.979898069620134;

    public static final int BLOCK_RINGS = 30;

    /** The aggregates the tests declare, as for Quadbin: one of each function and a count that skips nulls. */
    public static final List<CellAggregate> AGGREGATES = QuadbinCells.AGGREGATES;

    /** The tiles {@link #assertDrawsTheCellsOfTheTiles} draws. */
    public static final List<TileCoordinates> TILES = List.of(
            new TileCoordinates(0, 0, 0),
            // The block straddles these tiles' borders.
            new TileCoordinates(6, 31, 23),
            new TileCoordinates(6, 32, 24),
            new TileCoordinates(9, 256, 192),
            // Finer than the source from zoom 12 on: each source cell, cut to the tile.
            new TileCoordinates(14, 256 * 32 + 3, 192 * 32 + 2),
            // The antimeridian: the cells across it are drawn on both tiles.
            new TileCoordinates(4, 0, 7),
            new TileCoordinates(4, 15, 7),
            // The top row: cells across 85.0511°, cut at Web Mercator's edge.
            new TileCoordinates(3, 4, 0));

    private static final double MAX_LATITUDE = Math.toDegrees(Math.atan(Math.sinh(Math.PI)));
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final H3Core H3 = load();

    private H3Cells() {}

    public static List<Row> rows() {
        Set<Long> cells =
                new LinkedHashSet<>(H3.gridDisk(H3.latLngToCell(BLOCK_LATITUDE, 0.0, RESOLUTION), BLOCK_RINGS));
        cells.addAll(H3.gridDisk(H3.latLngToCell(10.0, 179.99, RESOLUTION), 6));
        cells.addAll(H3.gridDisk(H3.latLngToCell(85.0, 20.0, RESOLUTION), 8));
        cells.add(H3.latLngToCell(90, 0, RESOLUTION));
        List<Row> rows = new ArrayList<>();
        for (long cell : cells) {
            long mixed = Long.remainderUnsigned(cell * 0x9E3779B97F4A7C15L >>> 20, 1_000_003L);
            rows.add(new Row(cell, mixed % 17 == 0 ? null : mixed % 100, (mixed % 1000) * 0.25, "h" + mixed));
        }
        // A cell of resolution 7 inside the block: the source is declared at 8, so no tile shows it.
        rows.add(new Row(H3.latLngToCell(BLOCK_LATITUDE, 0.01, RESOLUTION - 1), 1_000_000L, 1e6, "coarser"));
        return rows;
    }

    /** The resolution a tile at {@code zoom} draws: the SDK's rule, restated. */
    public static int drawn(int resolution, int levels, int zoom) {
        return Math.min(resolution, Math.max(0, (int) Math.floor((zoom + levels) * Math.log(4) / Math.log(7)) - 2));
    }

    /** What the tile shows of the rows at {@code resolution}: each parent the tile may draw, with its aggregates. */
    public static Map<Long, Expected> expected(List<Row> rows, int resolution, int levels, TileCoordinates tile) {
        int drawn = drawn(resolution, levels, tile.z());
        Map<Long, List<Row>> byParent = new TreeMap<>();
        for (Row row : rows) {
            if (H3.getResolution(row.cell()) == resolution) {
                byParent.computeIfAbsent(H3.cellToParent(row.cell(), drawn), parent -> new ArrayList<>())
                        .add(row);
            }
        }
        Map<Long, Expected> expected = new TreeMap<>();
        for (Map.Entry<Long, List<Row>> parent : byParent.entrySet()) {
            if (onTile(parent.getKey(), tile, 4096, 64).getArea() <= 0) {
                continue;
            }
            expected.put(parent.getKey(), Expected.of(parent.getValue()));
        }
        return expected;
    }

    /**
     * Draws the {@link #TILES} of the {@link #rows()} source (resolution {@link #RESOLUTION}, {@link #AGGREGATES},
     * six aggregation levels, extent 4096, buffer 64) through {@code tiles} and asserts every drawn cell's hexagon and
     * aggregates against the Java computation.
     */
    public static void assertDrawsTheCellsOfTheTiles(Function<TileCoordinates, byte[]> tiles) {
        SoftAssertions softly = new SoftAssertions();
        int compared = 0;
        for (TileCoordinates coordinates : TILES) {
            Map<Long, Expected> expected = expected(rows(), RESOLUTION, 6, coordinates);
            softly.assertThat(expected).as(coordinates + " has cells").isNotEmpty();
            compared += assertTile(softly, coordinates.toString(), tiles.apply(coordinates), expected, coordinates);
        }
        softly.assertThat(compared).isGreaterThan(500);
        softly.assertAll();
    }

    /**
     * Checks a tile's features against the expectation: every cell that surely shows is drawn, none that cannot,
     * each with its aggregates and its hexagon's box (within 1.5 units: the SDK snaps to whole units). Returns how
     * many it compared.
     */
    public static int assertTile(
            SoftAssertions softly, String what, byte[] bytes, Map<Long, Expected> expected, TileCoordinates tile) {
        JsonNode decoded = bytes.length == 0 ? null : VectorTileDecoder.read(bytes);
        Map<Long, JsonNode> features = decoded == null ? Map.of() : VectorTileDecoder.featuresById(decoded);
        Set<Long> sure = new LinkedHashSet<>();
        for (Long cell : expected.keySet()) {
            Geometry shape = onTile(cell, tile, 4096, 64);
            if (shape.getArea() - shape.getLength() >= 1) {
                sure.add(cell);
            }
        }
        softly.assertThat(features.keySet()).as(what + ": drawn cells").containsAll(sure);
        softly.assertThat(expected.keySet()).as(what + ": drawn cells").containsAll(features.keySet());
        if (decoded == null) {
            return 0;
        }
        JsonNode layer = decoded.path("layers").get(0);
        int compared = 0;
        for (Map.Entry<Long, JsonNode> feature : features.entrySet()) {
            Expected values = expected.get(feature.getKey());
            if (values == null) {
                continue;
            }
            compared++;
            String which = what + ", cell " + Long.toHexString(feature.getKey());
            Map<String, Object> properties = VectorTileDecoder.properties(layer, feature.getValue());
            softly.assertThat(QuadbinCells.number(properties, "cells"))
                    .as(which + " cells")
                    .isEqualTo(values.cells());
            softly.assertThat(QuadbinCells.number(properties, "known"))
                    .as(which + " known")
                    .isEqualTo(values.known());
            if (values.known() > 0) {
                softly.assertThat(QuadbinCells.decimal(properties, "people"))
                        .as(which + " people")
                        .isCloseTo(values.people(), Offset.offset(1e-6));
                softly.assertThat(QuadbinCells.decimal(properties, "mean_people"))
                        .as(which + " mean_people")
                        .isCloseTo(values.meanPeople(), Offset.offset(1e-6));
            }
            softly.assertThat(QuadbinCells.decimal(properties, "least_income"))
                    .as(which + " least_income")
                    .isCloseTo(values.leastIncome(), Offset.offset(1e-9));
            softly.assertThat(QuadbinCells.decimal(properties, "most_income"))
                    .as(which + " most_income")
                    .isCloseTo(values.mostIncome(), Offset.offset(1e-9));
            Envelope drawnBox = VectorTileDecoder.geometry(feature.getValue()).getEnvelopeInternal();
            Envelope box = onTile(feature.getKey(), tile, 4096, 64).getEnvelopeInternal();
            Offset<Double> unit = Offset.offset(1.5);
            softly.assertThat(drawnBox.getMinX()).as(which + " west").isCloseTo(box.getMinX(), unit);
            softly.assertThat(drawnBox.getMaxX()).as(which + " east").isCloseTo(box.getMaxX(), unit);
            softly.assertThat(drawnBox.getMinY()).as(which + " north").isCloseTo(box.getMinY(), unit);
            softly.assertThat(drawnBox.getMaxY()).as(which + " south").isCloseTo(box.getMaxY(), unit);
        }
        return compared;
    }

    /** Whether the cell is the one around a pole: then its boundary is not a polygon in degrees. */
    public static boolean holdsAPole(long cell) {
        int resolution = H3.getResolution(cell);
        return H3.latLngToCell(90, 0, resolution) == cell || H3.latLngToCell(-90, 0, resolution) == cell;
    }

    /**
     * The part of the cell's hexagon on the buffered tile, in tile units: each vertex's longitude brought within 180°
     * of the cell's centre, the whole cell moved a turn towards the tile's centre when it crosses the antimeridian,
     * latitudes clamped to Web Mercator's edge.
     */
    static Geometry onTile(long cell, TileCoordinates tile, int extent, int buffer) {
        List<LatLng> boundary = H3.cellToBoundary(cell);
        if (holdsAPole(cell)) {
            double nearest = boundary.stream()
                    .mapToDouble(vertex -> Math.abs(vertex.lat))
                    .min()
                    .orElseThrow();
            if (nearest > MAX_LATITUDE) {
                return FACTORY.createPolygon();
            }
            throw new AssertionError("H3Cells does not draw a pole's cell reaching below 85.0511°");
        }
        double centre = H3.cellToLatLng(cell).lng;
        double[] longitudes = new double[boundary.size()];
        boolean crosses = false;
        for (int index = 0; index < longitudes.length; index++) {
            double longitude = boundary.get(index).lng;
            longitudes[index] = longitude + 360 * Math.round((centre - longitude) / 360);
            crosses |= Math.abs(longitudes[index]) > 180;
        }
        double world = extent * Math.pow(2, tile.z());
        double tileCentre = (tile.x() + 0.5) / Math.pow(2, tile.z()) * 360 - 180;
        double shift = crosses ? 360 * Math.round((tileCentre - centre) / 360) : 0;
        Coordinate[] ring = new Coordinate[longitudes.length + 1];
        for (int index = 0; index < longitudes.length; index++) {
            double latitude = Math.toRadians(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, boundary.get(index).lat)));
            double x = (longitudes[index] + shift + 180) / 360 * world - tile.x() * (double) extent;
            double y = (1 - Math.log(Math.tan(Math.PI / 4 + latitude / 2)) / Math.PI) / 2 * world
                    - tile.y() * (double) extent;
            ring[index] = new Coordinate(x, y);
        }
        ring[longitudes.length] = ring[0].copy();
        Geometry hexagon = FACTORY.createPolygon(ring);
        if (hexagon.getArea() <= 0) {
            // Beyond Web Mercator's edge: clamped to a line.
            return FACTORY.createPolygon();
        }
        Geometry box = FACTORY.toGeometry(new Envelope(-buffer, extent + buffer, -buffer, extent + buffer));
        // Clamping at Web Mercator's edge may fold part of the ring onto one line.
        Geometry valid = hexagon.isValid() ? hexagon : GeometryFixer.fix(hexagon);
        return OverlayNGRobust.overlay(valid, box, OverlayNG.INTERSECTION);
    }

    private static H3Core load() {
        try {
            return H3Core.newInstance();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
