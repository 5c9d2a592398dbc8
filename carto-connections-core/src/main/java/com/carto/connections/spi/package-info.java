/**
 * What provider authors implement: a {@link com.carto.connections.spi.ConnectionProvider} declares auth methods with
 * typed {@link com.carto.connections.spi.Property} descriptors, capabilities and a
 * {@link com.carto.connections.spi.Dialect}, and opens {@link com.carto.connections.spi.WarehouseClient}s. Core parses
 * and validates raw settings against the descriptors before a provider sees them, so providers never parse input.
 * Providers are registered in {@code META-INF/services/com.carto.connections.spi.ConnectionProvider}.
 */
package com.carto.connections.spi;
