package com.carto.connections;

import com.carto.connections.testing.ApiDump;
import org.junit.jupiter.api.Test;

/** The core's public API and SPI against the checked-in {@code api/carto-connections-core.api}. */
class CoreApiDumpTest {
    @Test
    void publicApiMatchesTheCheckedInDump() {
        ApiDump.assertMatchesCheckedIn(Connections.class);
    }
}
