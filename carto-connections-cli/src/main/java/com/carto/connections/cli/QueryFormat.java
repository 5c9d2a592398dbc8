package com.carto.connections.cli;

/** The result writers of {@code com.carto.connections.query.QueryResult}, one a format. */
enum QueryFormat {
    JSON,
    GEOJSON,
    CSV,
    NDJSON
}
