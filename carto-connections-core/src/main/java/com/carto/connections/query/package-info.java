/**
 * Queries and what comes back: {@link com.carto.connections.query.Query} with positional or named parameters and
 * limits, the streaming {@link com.carto.connections.query.QueryResult} with its normalized
 * {@link com.carto.connections.query.Column}s and {@link com.carto.connections.query.Geometry} (WKB + SRID), the writers
 * behind its default methods (JSON shaped like a SQL API response, GeoJSON, CSV, newline-delimited JSON; package-private,
 * streaming through Jackson), and the paginated {@link com.carto.connections.query.Catalog}.
 */
@NullMarked
package com.carto.connections.query;

import org.jspecify.annotations.NullMarked;
