package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorTilesTest {
    private static final String ETAG = "\"0123456789abcdef0123456789abcdef\"";

    @Test
    void anIfNoneMatchHeaderMatchesItsOwnTagAmongOthersAndWeakly() {
        assertThat(VectorTiles.matches(ETAG, ETAG)).isTrue();
        assertThat(VectorTiles.matches("\"a\", " + ETAG, ETAG)).isTrue();
        assertThat(VectorTiles.matches("\"a\",W/" + ETAG, ETAG)).isTrue();
        assertThat(VectorTiles.matches("*", ETAG)).isTrue();
    }

    @Test
    void anIfNoneMatchHeaderWithOtherTagsOrAnUnquotedOneDoesNotMatch() {
        assertThat(VectorTiles.matches("\"a\", \"b\"", ETAG)).isFalse();
        assertThat(VectorTiles.matches(ETAG.replace("\"", ""), ETAG)).isFalse();
        assertThat(VectorTiles.matches("", ETAG)).isFalse();
        assertThat(VectorTiles.matches("W/", ETAG)).isFalse();
    }
}
