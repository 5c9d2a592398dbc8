package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.spi.Dialect.TileSql;
import com.carto.connections.spi.TileQuery;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class PostGisTilesTest {
    private static TileQuery tile(String layerName, int srid, int z, int x, int y) {
        return new TileQuery(
                "select * from \"places\"",
                "\"geom\"",
                "\"id\"",
                List.of("\"name\""),
                srid,
                z,
                x,
                y,
                4096,
                64,
                new Envelope(-1000.0 * x, 1000.0 * x, -1000.0 * y, 1000.0 * y),
                new Envelope(-1.0 * x, 1.0 * x, -1.0 * y, 1.0 * y),
                1001,
                layerName);
    }

    @Test
    void everyTileOfASourceRunsTheSameTextWithItsOwnNumbersBound() {
        TileSql first = PostGisTiles.vectorTile(tile("same", 4326, 3, 1, 2));
        TileSql second = PostGisTiles.vectorTile(tile("same", 4326, 5, 7, 9));

        assertThat(second.sql()).isSameAs(first.sql());
        assertThat(first.parameters()).containsExactly(3, 1, 2, -1.0, -2.0, 1.0, 2.0, -1.0, -2.0, 1.0, 2.0);
        assertThat(second.parameters()).containsExactly(5, 7, 9, -7.0, -9.0, 7.0, 9.0, -7.0, -9.0, 7.0, 9.0);
        assertThat(PostGisTiles.vectorTile(tile("same", 3857, 3, 1, 2)).parameters())
                .containsExactly(3, 1, 2, -1000.0, -2000.0, 1000.0, 2000.0, -1000.0, -2000.0, 1000.0, 2000.0);
        assertThat(PostGisTiles.vectorTile(tile("same", 27700, 3, 1, 2)).parameters())
                .containsExactly(
                        3,
                        1,
                        2,
                        -1000.0,
                        -2000.0,
                        1000.0,
                        2000.0,
                        2000.0 / 16,
                        -1000.0,
                        -2000.0,
                        1000.0,
                        2000.0,
                        2000.0 / 16);
    }

    @Test
    void aSourceOfAnotherShapeGetsItsOwnText() {
        TileSql first = PostGisTiles.vectorTile(tile("one_layer", 4326, 3, 1, 2));
        TileSql other = PostGisTiles.vectorTile(tile("other_layer", 4326, 3, 1, 2));

        assertThat(first.sql()).contains("'one_layer'").doesNotContain("other_layer");
        assertThat(other.sql()).contains("'other_layer'").doesNotContain("one_layer");
    }

    @Test
    void keepsTheTextsOfABoundedNumberOfSources() {
        for (int source = 0; source < 2_500; source++) {
            PostGisTiles.vectorTile(tile("layer_" + source, 4326, 3, 1, 2));
            assertThat(PostGisTiles.statementsKept()).isLessThanOrEqualTo(1_000);
        }
    }
}
