package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.spi.Dialect;
import com.carto.connections.testing.H3Cells;
import com.carto.connections.testing.QuadbinCells;
import com.uber.h3core.H3Core;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/** The H3 tile parts the SDK computes itself: the filter's runs, the hexagons, the statement. */
class H3TilesTest {
    private static final Dialect WITH_AND = new Dialect() {
        @Override
        public Optional<String> bitwiseAnd(String integer, long mask) {
            return Optional.of("bitand(" + integer + ", " + mask + ")");
        }
    };

    private static H3Core h3;

    @BeforeAll
    static void library() throws IOException {
        h3 = H3Core.newInstance();
    }

    @Test
    void theTilesRunsHoldEveryRowWhoseDrawnParentIsOnTheTile() {
        List<QuadbinCells.Row> rows = H3Cells.rows();
        SoftAssertions softly = new SoftAssertions();
        for (TileCoordinates tile : H3Cells.TILES) {
            int drawn = H3Cells.drawn(H3Cells.RESOLUTION, 6, tile.z());
            List<long[]> runs = H3Tiles.runsOnTile(tile, 4096, 64, drawn, H3Cells.RESOLUTION);
            Map<Long, QuadbinCells.Expected> expected = H3Cells.expected(rows, H3Cells.RESOLUTION, 6, tile);
            for (QuadbinCells.Row row : rows) {
                if (h3.getResolution(row.cell()) == H3Cells.RESOLUTION
                        && expected.containsKey(h3.cellToParent(row.cell(), drawn))) {
                    softly.assertThat(runs.stream().anyMatch(run -> run[0] <= row.cell() && row.cell() <= run[1]))
                            .as("%s keeps %x", tile, row.cell())
                            .isTrue();
                }
            }
            softly.assertThat(runs.size()).as(tile + " runs").isBetween(1, H3Tiles.MAX_FILTER_CELLS);
        }
        softly.assertAll();
    }

    @Test
    void everyCellOfTheDrawnResolutionOnATileHasItsParentInTheCover() {
        // Tiles across the map, the poles' rows and the antimeridian included; every cell whose centre lies on the
        // buffered tile must descend from a cell of the cover.
        SoftAssertions softly = new SoftAssertions();
        for (TileCoordinates tile : List.of(
                new TileCoordinates(0, 0, 0),
                new TileCoordinates(2, 0, 0),
                new TileCoordinates(2, 3, 3),
                new TileCoordinates(5, 17, 9),
                new TileCoordinates(7, 127, 60),
                new TileCoordinates(10, 511, 340))) {
            int drawn = H3Cells.drawn(15, 6, tile.z());
            int coarser = Math.max(0, drawn - 2);
            var cover = H3Tiles.cover(tile, 4096, 64, coarser);
            Envelope box = tile.degreesEnvelope(4096, 64);
            int checked = 0;
            for (int step = 0; step <= 40; step++) {
                for (int other = 0; other <= 40; other++) {
                    double longitude = box.getMinX() + box.getWidth() * step / 40;
                    double latitude = box.getMinY() + box.getHeight() * other / 40;
                    long cell = h3.latLngToCell(latitude, longitude, drawn);
                    for (long near : h3.gridDisk(cell, 1)) {
                        softly.assertThat(cover).as("%s: %x", tile, near).contains(h3.cellToParent(near, coarser));
                        checked++;
                    }
                }
            }
            softly.assertThat(checked).isGreaterThan(1000);
        }
        softly.assertAll();
    }

    @Test
    void aHexagonAcrossTheAntimeridianIsDrawnWholeOnTheTilesSide() {
        long cell = h3.latLngToCell(10.0, 179.99, 3);

        Polygon east = H3Tiles.hexagon(cell, 170);
        Polygon west = H3Tiles.hexagon(cell, -170);

        assertThat(east.getEnvelopeInternal().getMaxX()).isGreaterThan(180);
        assertThat(east.getEnvelopeInternal().getMinX()).isLessThan(180).isGreaterThan(170);
        assertThat(west.getEnvelopeInternal().getMinX()).isLessThan(-180);
        assertThat(west.getEnvelopeInternal().getWidth())
                .isEqualTo(east.getEnvelopeInternal().getWidth());
        assertThat(west.getArea()).isCloseTo(east.getArea(), org.assertj.core.data.Offset.offset(1e-9));
        Polygon inland = H3Tiles.hexagon(h3.latLngToCell(10.0, 170.0, 3), -170);
        assertThat(inland.getEnvelopeInternal().getMaxX()).isLessThan(180).isGreaterThan(160);
    }

    @Test
    void anIntegerThatIsNoCellIsDrawnNowhere() {
        long cell = h3.latLngToCell(40.0, 3.0, 6);
        long sevenAtDigitTwo = cell | (7L << 3 * (15 - 2));

        assertThat(H3Tiles.hexagon(sevenAtDigitTwo, 0).isEmpty()).isTrue();
        assertThat(H3Tiles.hexagon(cell, 0).isEmpty()).isFalse();
    }

    @Test
    void aPolesCellFillsTheTopOfTheWorldsTile() {
        long pole = h3.latLngToCell(90, 0, 0);
        Polygon shape = H3Tiles.hexagon(pole, 0);
        TileGeometries toTile = new TileGeometries(new TileCoordinates(0, 0, 0), 4096, 0, TileGeometries.Space.DEGREES);

        Geometry drawn = toTile.toTile(shape);

        assertThat(shape.isValid()).isTrue();
        Envelope box = drawn.getEnvelopeInternal();
        assertThat(box.getMinX()).isZero();
        assertThat(box.getMaxX()).isEqualTo(4096);
        assertThat(box.getMinY()).isZero();
        // The cell's lowest vertex, 68.9° north, is about a fifth of the way down the tile.
        assertThat(box.getMaxY()).isBetween(600.0, 1000.0);
        assertThat(drawn.covers(drawn.getFactory().createPoint(new org.locationtech.jts.geom.Coordinate(2048, 5))))
                .isTrue();
    }

    @Test
    void theStatementKeepsTheRunsAndGroupsByTheMaskedParent() {
        TileSource cells = TileSource.spatialIndex(List.of("stats", "h3"), "cell", TileSource.IndexType.H3, 8)
                .aggregates(CellAggregate.count("cells"));
        TileCoordinates tile = new TileCoordinates(6, 31, 23);
        List<long[]> runs = H3Tiles.runsOnTile(tile, 4096, 64, 6, 8);

        String sql = SpatialIndexTiles.sql(WITH_AND, cells, tile);

        assertThat(sql)
                .startsWith("select carto_tile_cell, count(*) as \"cells\" from (select bitand(\"cell\", "
                        + H3Index.parentMask(6) + ") + " + H3Index.parentAddend(6) + " as carto_tile_cell from"
                        + " \"stats\".\"h3\" where \"cell\" between " + runs.get(0)[0] + " and " + runs.get(0)[1])
                .endsWith("\n) tile_cells group by carto_tile_cell order by carto_tile_cell");
        assertThat(sql.split(" between ", -1)).hasSize(runs.size() + 1);
    }

    @Test
    void aTileDrawsAboutAsManyHexagonsAsQuadbinSquares() {
        TileSource cells = TileSource.spatialIndex(List.of("t"), "h3", TileSource.IndexType.H3, 15);
        Map<Integer, Integer> drawn = new TreeMap<>();
        for (int zoom = 0; zoom <= 10; zoom++) {
            drawn.put(zoom, SpatialIndexTiles.drawnResolution(cells, zoom));
        }

        assertThat(drawn.values()).containsExactly(2, 2, 3, 4, 5, 5, 6, 7, 7, 8, 9);
        assertThat(SpatialIndexTiles.drawnResolution(cells.aggregationLevels(0), 0))
                .isZero();
        assertThat(SpatialIndexTiles.drawnResolution(cells, 24)).isEqualTo(15);
        assertThat(SpatialIndexTiles.drawnResolution(
                        TileSource.spatialIndex(List.of("t"), "h3", TileSource.IndexType.H3, 5), 12))
                .isEqualTo(5);
    }
}
