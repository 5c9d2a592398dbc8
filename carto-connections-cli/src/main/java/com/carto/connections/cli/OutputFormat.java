package com.carto.connections.cli;

/** How list and show print. */
enum OutputFormat {
    TEXT,
    JSON
}
