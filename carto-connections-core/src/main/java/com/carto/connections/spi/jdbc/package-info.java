/**
 * Shared plumbing for JDBC providers: {@link com.carto.connections.spi.jdbc.JdbcWarehouseClient} (a lazily built
 * HikariCP pool that holds no socket while idle, streaming with autocommit off and a fetch size, timeouts that cancel
 * on the server for the whole life of a result (through {@link com.carto.connections.spi.jdbc.JdbcDialect#cancel}
 * once the driver's statement timeout no longer applies), geometry fetched as binary EWKB, an
 * {@code information_schema} catalog), configured by a
 * provider's {@link com.carto.connections.spi.jdbc.JdbcEndpoint} and {@link com.carto.connections.spi.jdbc.JdbcDialect}.
 * A JDBC provider is then mostly its property descriptors, its dialect and its error table.
 */
@NullMarked
package com.carto.connections.spi.jdbc;

import org.jspecify.annotations.NullMarked;
