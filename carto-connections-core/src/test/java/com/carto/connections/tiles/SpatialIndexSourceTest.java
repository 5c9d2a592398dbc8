package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SpatialIndexSourceTest {
    private final TileSource cells =
            TileSource.spatialIndex(List.of("census"), "quadbin", TileSource.IndexType.QUADBIN, 18);

    @Test
    void aSpatialIndexSourceHasTheDocumentedDefaults() {
        assertThat(cells.kind()).isEqualTo(TileSource.Kind.SPATIAL_INDEX);
        assertThat(cells.indexType()).contains(TileSource.IndexType.QUADBIN);
        assertThat(cells.resolution()).isEqualTo(18);
        assertThat(cells.geometryColumn()).isEqualTo("quadbin");
        assertThat(cells.aggregates()).isEmpty();
        assertThat(cells.aggregationLevels()).isEqualTo(6);
        assertThat(cells.maxAge()).isEqualTo(TileSource.TABLE_MAX_AGE);
        assertThat(cells.toString()).contains("census", "QUADBIN", "18");
    }

    @Test
    void theResolutionIsZeroToTwentySix() {
        assertThat(TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.QUADBIN, 0)
                        .resolution())
                .isZero();
        assertThat(TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.QUADBIN, 26)
                        .resolution())
                .isEqualTo(26);
        assertRefused("resolution", () -> TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.QUADBIN, 27));
        assertRefused("resolution", () -> TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.QUADBIN, -1));
    }

    @Test
    void anH3ResolutionIsZeroToFifteen() {
        assertThat(TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.H3, 0)
                        .resolution())
                .isZero();
        assertThat(TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.H3, 15)
                        .indexType())
                .contains(TileSource.IndexType.H3);
        assertRefused("resolution", () -> TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.H3, 16));
        assertRefused("resolution", () -> TileSource.spatialIndex(List.of("t"), "c", TileSource.IndexType.H3, -1));
    }

    @Test
    void theCellColumnAndTableAreNamed() {
        assertRefused("cellColumn", () -> TileSource.spatialIndex(List.of("t"), "", TileSource.IndexType.QUADBIN, 4));
        assertRefused("table", () -> TileSource.spatialIndex(List.of(), "c", TileSource.IndexType.QUADBIN, 4));
    }

    @Test
    void aggregatesHaveDistinctSafeNamesAndAColumnUnlessTheyCount() {
        TileSource summed = cells.aggregates(CellAggregate.count("cells"), CellAggregate.sum("people", "pop"));
        assertThat(summed.aggregates()).extracting(CellAggregate::name).containsExactly("cells", "people");

        assertRefused("aggregates", () -> cells.aggregates(CellAggregate.count("n"), CellAggregate.max("n", "x")));
        assertRefused("aggregates", () -> CellAggregate.sum("total; drop table t", "pop"));
        assertRefused("aggregates", () -> CellAggregate.sum("1st", "pop"));
        assertRefused("aggregates", () -> CellAggregate.avg("a".repeat(64), "pop"));
        assertRefused("aggregates", () -> new CellAggregate("total", CellAggregate.Function.SUM, null));
        assertRefused("aggregates", () -> CellAggregate.min("least", "po\0p"));
        assertThat(CellAggregate.avg("a".repeat(63), "pop").name()).hasSize(63);
    }

    @Test
    void aggregationLevelsAreZeroToEight() {
        assertThat(cells.aggregationLevels(0).aggregationLevels()).isZero();
        assertThat(cells.aggregationLevels(8).aggregationLevels()).isEqualTo(8);
        assertRefused("aggregationLevels", () -> cells.aggregationLevels(9));
        assertRefused("aggregationLevels", () -> cells.aggregationLevels(-1));
    }

    @Test
    void settingsOfGeometrySourcesAreRefusedOnASpatialIndexAndTheOtherWayRound() {
        assertRefused("featureId", () -> cells.featureId("id"));
        assertRefused("properties", () -> cells.properties("pop"));
        assertRefused("srid", () -> cells.srid(3857));
        TileSource places = TileSource.table(List.of("places"), "geom");
        assertRefused("aggregates", () -> places.aggregates(CellAggregate.count("n")));
        assertRefused("aggregationLevels", () -> places.aggregationLevels(4));
    }

    @Test
    void aTileDrawsCellsSixLevelsFinerUpToTheSourceResolution() {
        assertThat(SpatialIndexTiles.drawnResolution(cells, 0)).isEqualTo(6);
        assertThat(SpatialIndexTiles.drawnResolution(cells, 12)).isEqualTo(18);
        assertThat(SpatialIndexTiles.drawnResolution(cells, 13)).isEqualTo(18);
        assertThat(SpatialIndexTiles.drawnResolution(cells, 24)).isEqualTo(18);
        assertThat(SpatialIndexTiles.drawnResolution(cells.aggregationLevels(2), 3))
                .isEqualTo(5);
    }

    private static void assertRefused(String field, ThrowingCallable change) {
        InvalidConfigurationException refused = catchThrowableOfType(InvalidConfigurationException.class, change);
        assertThat(refused).as(field).isNotNull();
        assertThat(refused.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(refused.getMessage()).contains(field);
    }
}
