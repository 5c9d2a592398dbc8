package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quadbin against the values CARTO's own libraries publish in their tests: quadbin-py {@code tests/unit/test_main.py}
 * (https://github.com/CartoDB/quadbin-py) and quadbin-js {@code test/index.spec.ts}
 * (https://github.com/CartoDB/quadbin-js).
 */
class QuadbinTest {
    /** quadbin-js TEST_TILES and quadbin-py test_tile_to_cell: z, x, y and the cell. */
    private static final long[][] PUBLISHED_TILES = {
        {0, 0, 0, 5192650370358181887L},
        {3, 1, 2, 5202361257054699519L},
        {4, 9, 8, 5209574053332910079L},
        {23, 1023, 2412, 5291729562728627583L},
    };

    @Test
    void aTileBecomesThePublishedCellAndBack() {
        for (long[] tile : PUBLISHED_TILES) {
            long cell = Quadbin.cell((int) tile[0], tile[1], tile[2]);

            assertThat(cell).as("tile %d/%d/%d", tile[0], tile[1], tile[2]).isEqualTo(tile[3]);
            assertThat(Quadbin.resolution(cell)).isEqualTo((int) tile[0]);
            assertThat(Quadbin.column(cell)).isEqualTo(tile[1]);
            assertThat(Quadbin.row(cell)).isEqualTo(tile[2]);
            assertThat(Quadbin.isCell(cell)).isTrue();
        }
    }

    @Test
    void aCellsHexadecimalFormIsThePublishedOne() {
        // quadbin-py test_index_to_string: the header, mode, resolution 4 and the position, then ones.
        assertThat(Long.toHexString(5209574053332910079L)).isEqualTo("484c1fffffffffff");
    }

    @Test
    void parentsAreThePublishedCells() {
        // quadbin-py test_cell_to_parent.
        assertThat(Quadbin.parent(5209574053332910079L, 4)).isEqualTo(5209574053332910079L);
        assertThat(Quadbin.parent(5209574053332910079L, 0)).isEqualTo(5192650370358181887L);
        // Its parent at 2, 0x482c1fffffffffff, keeps two of the child's position bits below the parent's (quadbin-py
        // fills only 4 × resolution bits there); quadbin-js's cellToParent and every tileToCell fill them all. The SDK
        // writes the filled form, the one tileToCell gives for the same tile 2/2/2.
        long published = 5200566854078169087L;
        long parent = Quadbin.parent(5209574053332910079L, 2);
        assertThat(parent).isEqualTo(Quadbin.cell(2, 2, 2)).isEqualTo(0x482cffffffffffffL);
        assertThat(Quadbin.resolution(published)).isEqualTo(2);
        assertThat(Quadbin.column(published)).isEqualTo(Quadbin.column(parent)).isEqualTo(2);
        assertThat(Quadbin.row(published)).isEqualTo(Quadbin.row(parent)).isEqualTo(2);
        assertThatThrownBy(() -> Quadbin.parent(5209574053332910079L, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theChildrenOfTheWorldAreThePublishedCellsAndOneRunOfIntegers() {
        // quadbin-py test_cell_to_children, resolution 1: 0/0, 0/1 (below it), 1/0, 1/1 in its order.
        assertThat(List.of(Quadbin.cell(1, 0, 0), Quadbin.cell(1, 0, 1), Quadbin.cell(1, 1, 0), Quadbin.cell(1, 1, 1)))
                .containsExactly(
                        5193776270265024511L, 5196028070078709759L, 5194902170171867135L, 5197153969985552383L);
        long[] run = Quadbin.cellsOnTile(new TileCoordinates(0, 0, 0), 1);
        assertThat(run).containsExactly(5193776270265024511L, 5197153969985552383L);
    }

    @Test
    void theChildrenOfResolutionFiveArePublishedAndStepByTheirOwnSize() {
        // quadbin-py test_cell_to_children of 5209574053332910079 at resolution 5.
        List<Long> children = new ArrayList<>();
        for (long row = 16; row <= 17; row++) {
            for (long column = 18; column <= 19; column++) {
                children.add(Quadbin.cell(5, column, row));
            }
        }
        assertThat(children)
                .containsExactlyInAnyOrder(
                        5214064458820747263L, 5214073254913769471L, 5214068856867258367L, 5214077652960280575L);
        for (long child : children) {
            assertThat(Quadbin.parent(child, 4)).isEqualTo(5209574053332910079L);
        }
    }

    @Test
    void aPointsCellAtTheFinestResolutionHoldsThePoint() {
        // quadbin-py test_geometry_to_cells_point: (-3.71219873428345, 40.413365349070865) at 26.
        long cell = 5306319089810037072L;
        assertThat(Quadbin.resolution(cell)).isEqualTo(26);
        assertThat(Quadbin.isCell(cell)).isTrue();
        double tiles = Math.pow(2, 26);
        double x = (-3.71219873428345 + 180) / 360 * tiles;
        double latitude = Math.toRadians(40.413365349070865);
        double y = (1 - Math.log(Math.tan(latitude) + 1 / Math.cos(latitude)) / Math.PI) / 2 * tiles;
        assertThat(Quadbin.column(cell)).isEqualTo((long) Math.floor(x));
        assertThat(Quadbin.row(cell)).isEqualTo((long) Math.floor(y));
        assertThat(Quadbin.parent(cell, 10)).isEqualTo(5234261499580514303L);
        assertThat(Quadbin.parent(cell, 17)).isEqualTo(5265786693163941887L);
    }

    @Test
    void integersThatAreNotCellsAreToldApart() {
        // quadbin-py test_is_valid_cell: 0, a cell with its last bit cleared, and an index in another mode.
        assertThat(Quadbin.isCell(0)).isFalse();
        assertThat(Quadbin.isCell(5209574053332910078L)).isFalse();
        assertThat(Quadbin.isCell(6362495557939757055L)).isFalse();
    }

    @Test
    void theParentMaskAndAddendGiveTheParentOfEveryCellOfATile() {
        TileCoordinates tile = new TileCoordinates(7, 65, 42);
        long[] run = Quadbin.cellsOnTile(tile, 12);
        long step = 1L << (52 - 2 * 12);
        assertThat((run[1] - run[0]) / step + 1).isEqualTo(1L << (2 * 5));
        for (long cell = run[0]; cell <= run[1]; cell += step) {
            assertThat(Quadbin.isCell(cell)).isTrue();
            assertThat(Quadbin.parent(cell, 7)).isEqualTo(Quadbin.cell(7, 65, 42));
            assertThat((cell & Quadbin.parentMask(9)) + Quadbin.parentAddend(9))
                    .isEqualTo(Quadbin.cell(9, Quadbin.column(cell) >> 3, Quadbin.row(cell) >> 3));
        }
        assertThat(Quadbin.parentMask(0)).isPositive();
        assertThat(Quadbin.parentMask(Quadbin.MAX_RESOLUTION)).isPositive();
    }

    @Test
    void theCellsOfATileAtTheFinestResolutionEndAtItsCorners() {
        TileCoordinates corner = new TileCoordinates(24, (1 << 24) - 1, (1 << 24) - 1);
        long[] run = Quadbin.cellsOnTile(corner, 26);

        assertThat(Quadbin.column(run[0])).isEqualTo((1L << 26) - 4);
        assertThat(Quadbin.row(run[1])).isEqualTo((1L << 26) - 1);
        assertThat(Quadbin.column(run[1])).isEqualTo((1L << 26) - 1);
    }

    @Test
    void aTileFinerThanTheResolutionLiesInOneCell() {
        long[] run = Quadbin.cellsOnTile(new TileCoordinates(10, 1023, 512), 4);

        assertThat(run[0]).isEqualTo(run[1]).isEqualTo(Quadbin.cell(4, 15, 8));
    }

    @Test
    void aResolutionOutsideZeroToTwentySixIsNamed() {
        assertThatThrownBy(() -> Quadbin.cell(27, 0, 0))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("resolution")
                .hasMessageContaining("27");
        assertThatThrownBy(() -> Quadbin.cell(-1, 0, 0)).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> Quadbin.cell(2, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
