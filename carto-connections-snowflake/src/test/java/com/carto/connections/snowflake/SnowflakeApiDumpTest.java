package com.carto.connections.snowflake;

import com.carto.connections.testing.ApiDump;
import org.junit.jupiter.api.Test;

/** This module's public types against the checked-in {@code api/carto-connections-snowflake.api}. */
class SnowflakeApiDumpTest {
    @Test
    void publicApiMatchesTheCheckedInDump() {
        ApiDump.assertMatchesCheckedIn(SnowflakeProvider.class);
    }
}
