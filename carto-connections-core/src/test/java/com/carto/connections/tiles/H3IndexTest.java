package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.uber.h3core.H3Core;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link H3Index}'s bit arithmetic held to the H3 library's own functions. */
class H3IndexTest {
    private static H3Core h3;

    @BeforeAll
    static void library() throws IOException {
        h3 = H3Core.newInstance();
    }

    @Test
    void theParentByMaskAndAddendIsTheLibrarysParentAtEveryResolution() {
        Random random = new Random(7);
        int compared = 0;
        for (int sample = 0; sample < 400; sample++) {
            double latitude = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double longitude = 360 * random.nextDouble() - 180;
            int resolution = random.nextInt(H3Index.MAX_RESOLUTION + 1);
            long cell = h3.latLngToCell(latitude, longitude, resolution);
            assertThat(H3Index.resolution(cell)).isEqualTo(resolution);
            for (int parent = 0; parent <= resolution; parent++) {
                assertThat(H3Index.parent(cell, parent))
                        .as("%x at %d", cell, parent)
                        .isEqualTo(h3.cellToParent(cell, parent));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(2000);
    }

    @Test
    void theParentOfAPentagonsChildIsThePentagon() {
        for (long pentagon : h3.getPentagons(3)) {
            for (long child : h3.cellToChildren(pentagon, 6)) {
                assertThat(H3Index.parent(child, 3)).isEqualTo(pentagon);
            }
        }
    }

    @Test
    void aCellsDescendantsAreOneRunThatHoldsNoOtherCell() {
        long cell = h3.latLngToCell(40.98, 0.0, 5);
        long[] run = H3Index.descendants(cell, 8);
        List<Long> children = h3.cellToChildren(cell, 8);

        assertThat(run[0])
                .isEqualTo(children.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertThat(run[1])
                .isEqualTo(children.stream().mapToLong(Long::longValue).max().orElseThrow());
        long next = H3Index.next(cell);
        assertThat(H3Index.descendants(next, 8)[0]).isGreaterThan(run[1]);
        for (long neighbour : h3.gridDisk(cell, 3)) {
            if (neighbour != cell) {
                for (long child : h3.cellToChildren(neighbour, 8)) {
                    assertThat(child < run[0] || child > run[1]).as("%x", child).isTrue();
                }
            }
        }
        assertThat(H3Index.descendants(cell, 5)).containsExactly(cell, cell);
    }

    @Test
    void theNextCellCarriesFromTheLastDigitToTheBaseCell() {
        long first = h3.cellToChildren(h3.getRes0Cells().iterator().next(), 2).get(0);
        long sixth = first + (6L << 3 * (15 - 2));
        assertThat(H3Index.next(first)).isEqualTo(first + (1L << 3 * (15 - 2)));
        assertThat(H3Index.next(sixth)).isEqualTo(first + (1L << 3 * (15 - 1)));
        long lastBase =
                h3.getRes0Cells().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(H3Index.next(lastBase)).isEqualTo(-1);
        assertThat(h3.getRes0Cells().stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray())
                .startsWith(0x8001fffffffffffL, H3Index.next(0x8001fffffffffffL));
    }

    @Test
    void withoutTheLibraryAnH3SourceIsRefusedNamingTheIndexType() {
        ClassLoader withoutH3 = new ClassLoader(ClassLoader.getPlatformClassLoader()) {};

        InvalidConfigurationException refused =
                catchThrowableOfType(InvalidConfigurationException.class, () -> H3Index.requireLibrary(withoutH3));

        assertThat(refused.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(refused.getMessage()).contains("indexType", "com.uber:h3");
    }

    @Test
    void withTheLibraryTheCheckPasses() {
        H3Index.requireLibrary(H3IndexTest.class.getClassLoader());
        assertThat(TileSource.spatialIndex(List.of("t"), "h3", TileSource.IndexType.H3, 15)
                        .resolution())
                .isEqualTo(15);
    }
}
