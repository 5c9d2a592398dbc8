/**
 * What provider authors implement: a {@link com.carto.connections.spi.ConnectionProvider} declares auth methods with
 * typed {@link com.carto.connections.spi.Property} descriptors, capabilities and a
 * {@link com.carto.connections.spi.Dialect}, and opens {@link com.carto.connections.spi.WarehouseClient}s. Core parses
 * and validates raw settings against the descriptors before a provider sees them, so providers never parse input.
 * Providers are registered in {@code META-INF/services/com.carto.connections.spi.ConnectionProvider}.
 *
 * <p>Nothing here assumes JDBC: {@link com.carto.connections.spi.ResultLimits} counts a cursor's rows and bytes
 * against a query's limits and {@link com.carto.connections.spi.NetworkStages} runs the resolve and connect check
 * stages, for a JDBC driver or an HTTP API alike (the BigQuery provider uses both). A JDBC provider extends the base in
 * {@code spi.jdbc}, {@link com.carto.connections.spi.jdbc.JdbcConnectionProvider}, whose package doc shows a whole
 * provider in one page.
 */
@NullMarked
package com.carto.connections.spi;

import org.jspecify.annotations.NullMarked;
