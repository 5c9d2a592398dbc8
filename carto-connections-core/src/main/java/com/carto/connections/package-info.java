/**
 * What applications use: the {@link com.carto.connections.Connections} facade and its value types
 * ({@link com.carto.connections.Connection}, {@link com.carto.connections.NewConnection},
 * {@link com.carto.connections.Principal}), live checks ({@link com.carto.connections.CheckReport}), queries with
 * positional or named parameters and their streaming results with JSON, GeoJSON, CSV and newline-delimited JSON
 * writers (package-private classes behind {@link com.carto.connections.QueryResult}'s default methods), the catalog, geometry, {@link com.carto.connections.Secret} and the key ring, and the one
 * exception type, {@link com.carto.connections.ConnectionException} with its
 * {@link com.carto.connections.ErrorCategory}. Every public type here is a promise: before 1.0 it may still change,
 * after it only compatibly.
 */
package com.carto.connections;
