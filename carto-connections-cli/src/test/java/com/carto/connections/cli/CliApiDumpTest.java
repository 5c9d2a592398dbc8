package com.carto.connections.cli;

import com.carto.connections.testing.ApiDump;
import org.junit.jupiter.api.Test;

/** This module's public types against the checked-in {@code api/carto-connections-cli.api}: only the main class. */
class CliApiDumpTest {
    @Test
    void publicApiMatchesTheCheckedInDump() {
        ApiDump.assertMatchesCheckedIn(Cli.class);
    }
}
