package com.carto.connections.micrometer;

import com.carto.connections.testing.ApiDump;
import org.junit.jupiter.api.Test;

/** This module's public types against the checked-in {@code api/carto-connections-micrometer.api}. */
class MicrometerApiDumpTest {
    @Test
    void publicApiMatchesTheCheckedInDump() {
        ApiDump.assertMatchesCheckedIn(ConnectionsMetrics.class);
    }
}
