package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.Dialect;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class SpatialIndexTilesTest {
    private static final Dialect WITH_AND = new Dialect() {
        @Override
        public Optional<String> bitwiseAnd(String integer, long mask) {
            return Optional.of("bitand(" + integer + ", " + mask + ")");
        }
    };

    private final TileSource cells = TileSource.spatialIndex(
                    List.of("stats", "census"), "qb\"cell", TileSource.IndexType.QUADBIN, 10)
            .aggregates(
                    CellAggregate.count("cells"), CellAggregate.sum("people", "pop"), CellAggregate.max("most", "pop"));

    @Test
    void theStatementKeepsTheTilesRunOfCellsAndGroupsThemByTheirMaskedParent() {
        TileCoordinates tile = new TileCoordinates(3, 5, 2);
        long[] run = Quadbin.cellsOnTile(tile, 10);

        String sql = SpatialIndexTiles.sql(WITH_AND, cells, tile);

        assertThat(sql)
                .isEqualTo("select carto_tile_cell, count(*) as \"cells\", sum(\"pop\") as \"people\", max(\"pop\") as"
                        + " \"most\" from (select bitand(\"qb\"\"cell\", " + Quadbin.parentMask(9) + ") + "
                        + Quadbin.parentAddend(9) + " as carto_tile_cell, \"pop\" from \"stats\".\"census\" where"
                        + " \"qb\"\"cell\" between " + run[0] + " and " + run[1] + "\n) tile_cells group by"
                        + " carto_tile_cell order by carto_tile_cell");
    }

    @Test
    void aWarehouseWithoutABitwiseAndCannotServeASpatialIndex() {
        ConnectionException refused = catchThrowableOfType(
                ConnectionException.class,
                () -> SpatialIndexTiles.sql(new Dialect() {}, cells, new TileCoordinates(0, 0, 0)));

        assertThat(refused.category()).isEqualTo(ErrorCategory.UNSUPPORTED);
    }

    @Test
    void aDrawnCellIsItsSquareInTheTilesUnits() {
        TileCoordinates tile = new TileCoordinates(3, 5, 2);
        long cell = Quadbin.cell(9, 5 * 64 + 10, 2 * 64 + 63);

        Envelope square = SpatialIndexTiles.square(tile, 4096, 64, 9, cell).getEnvelopeInternal();

        assertThat(square).isEqualTo(new Envelope(640, 704, 4032, 4096));
    }

    @Test
    void aCellLargerThanTheTileIsCutToTheBufferedTile() {
        TileCoordinates tile = new TileCoordinates(12, 1001, 2001);
        long cell = Quadbin.parent(Quadbin.cell(12, 1001, 2001), 10);

        Envelope square = SpatialIndexTiles.square(tile, 4096, 64, 10, cell).getEnvelopeInternal();

        assertThat(square).isEqualTo(new Envelope(-64, 4160, -64, 4160));
    }

    @Test
    void aCellAtTheTilesCornerWithTheLargestResolutionEndsAtTheCorner() {
        TileCoordinates tile = new TileCoordinates(24, (1 << 24) - 1, 0);
        long cell = Quadbin.cell(26, (1L << 26) - 1, 0);

        Envelope square = SpatialIndexTiles.square(tile, 4096, 64, 26, cell).getEnvelopeInternal();

        assertThat(square).isEqualTo(new Envelope(3072, 4096, 0, 1024));
    }
}
