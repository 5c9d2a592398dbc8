package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TileSourceTest {
    private final TileSource places = TileSource.table(List.of("public", "places"), "geom");

    @Test
    void aTableSourceHasTheDocumentedDefaults() {
        assertThat(places.srid()).isEqualTo(4326);
        assertThat(places.extent()).isEqualTo(4096);
        assertThat(places.buffer()).isEqualTo(64);
        assertThat(places.maxFeatures()).isEqualTo(50_000);
        assertThat(places.maxBytes()).isEqualTo(512_000);
        assertThat(places.layerName()).isEqualTo("default");
        assertThat(places.properties()).isEmpty();
        assertThat(places.featureId()).isEmpty();
        assertThat(places.isBuiltByClient()).isFalse();
        assertThat(places.maxAge()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aQuerySourceMayBeKeptForLessTimeThanATable() {
        assertThat(TileSource.query(Query.sql("select 1"), "geom").maxAge()).isLessThan(places.maxAge());
    }

    @Test
    void everyChangeReturnsANewSourceAndLeavesTheOldOneAsItWas() {
        TileSource changed = places.srid(3857)
                .featureId("id")
                .properties("a", "b")
                .layerName("l")
                .builtByClient();

        assertThat(places.srid()).isEqualTo(4326);
        assertThat(places.featureId()).isEmpty();
        assertThat(changed.srid()).isEqualTo(3857);
        assertThat(changed.featureId()).contains("id");
        assertThat(changed.properties()).containsExactly("a", "b");
        assertThat(changed.layerName()).isEqualTo("l");
        assertThat(changed.isBuiltByClient()).isTrue();
        assertThat(changed.table()).containsExactly("public", "places");
    }

    @Test
    void aLayerNameIsOneToSixtyFourSafeCharacters() {
        assertThat(places.layerName("a").layerName()).isEqualTo("a");
        assertThat(places.layerName("x".repeat(64)).layerName()).hasSize(64);
        assertRefused("layerName", () -> places.layerName("x".repeat(65)));
        assertRefused("layerName", () -> places.layerName(""));
        assertRefused("layerName", () -> places.layerName("it's"));
        assertRefused("layerName", () -> places.layerName("a b"));
    }

    @Test
    void limitsAreRefusedBelowTheirSmallestValue() {
        assertThat(places.maxFeatures(1).maxFeatures()).isEqualTo(1);
        assertRefused("maxFeatures", () -> places.maxFeatures(0));
        assertThat(places.maxBytes(1024).maxBytes()).isEqualTo(1024);
        assertRefused("maxBytes", () -> places.maxBytes(1023));
        assertRefused("srid", () -> places.srid(0));
    }

    @Test
    void zoomsAreWithinTheTileGridAndInOrder() {
        assertThat(places.zooms(0, TileCoordinates.MAX_ZOOM).maxZoom()).isEqualTo(TileCoordinates.MAX_ZOOM);
        assertThat(places.zooms(7, 7).minZoom()).isEqualTo(7);
        assertRefused("zooms", () -> places.zooms(-1, 3));
        assertRefused("zooms", () -> places.zooms(0, TileCoordinates.MAX_ZOOM + 1));
        assertRefused("zooms", () -> places.zooms(5, 4));
    }

    @Test
    void extentAndBufferAreCheckedTogether() {
        assertThat(places.extent(512, 512).buffer()).isEqualTo(512);
        assertRefused("buffer", () -> places.extent(512, 513));
        assertRefused("extent", () -> places.extent(0, 0));
    }

    @Test
    void namesAreNonEmptyAndHoldNoNul() {
        assertRefused("table", () -> TileSource.table(List.of(), "geom"));
        assertRefused("table", () -> TileSource.table(List.of("a", "b", "c", "d"), "geom"));
        assertRefused("table", () -> TileSource.table(List.of(""), "geom"));
        assertRefused("geometryColumn", () -> TileSource.table(List.of("t"), "ge\0om"));
        assertRefused("featureId", () -> places.featureId(""));
        assertRefused("properties", () -> places.properties("a", "a"));
        assertRefused("properties", () -> places.properties("a", ""));
    }

    private static void assertRefused(String field, ThrowingCallable change) {
        InvalidConfigurationException refused = catchThrowableOfType(InvalidConfigurationException.class, change);
        assertThat(refused).as(field).isNotNull();
        assertThat(refused.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(refused.getMessage()).contains(field);
    }
}
