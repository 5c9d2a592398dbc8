/**
 * Shared plumbing for JDBC providers: {@link com.carto.connections.spi.jdbc.JdbcWarehouseClient} (a lazily built
 * HikariCP pool that holds no socket while idle, streaming with autocommit off and a fetch size, statement timeouts
 * that cancel on the server, geometry fetched as binary EWKB, an {@code information_schema} catalog), configured by a
 * provider's {@link com.carto.connections.spi.jdbc.JdbcEndpoint} and {@link com.carto.connections.spi.jdbc.JdbcDialect}.
 * A JDBC provider is then mostly its property descriptors, its dialect and its error table.
 */
package com.carto.connections.spi.jdbc;
