package com.carto.connections.databricks;

import com.carto.connections.testing.ApiDump;
import org.junit.jupiter.api.Test;

/** This module's public types against the checked-in {@code api/carto-connections-databricks.api}. */
class DatabricksApiDumpTest {
    @Test
    void publicApiMatchesTheCheckedInDump() {
        ApiDump.assertMatchesCheckedIn(DatabricksProvider.class);
    }
}
