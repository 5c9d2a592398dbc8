package com.carto.connections.oracle;

import com.carto.connections.testing.ApiDump;
import org.junit.jupiter.api.Test;

/** This module's public types against the checked-in {@code api/carto-connections-oracle.api}. */
class OracleApiDumpTest {
    @Test
    void publicApiMatchesTheCheckedInDump() {
        ApiDump.assertMatchesCheckedIn(OracleProvider.class);
    }
}
