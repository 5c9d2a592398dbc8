/**
 * Where connections are kept: {@link com.carto.connections.store.ConnectionStore} and its JDBC implementation on an
 * embedded H2 database or a shared PostgreSQL. Every write carries the version it read, so no update is lost. The
 * store holds secrets only as ciphertext.
 */
@NullMarked
package com.carto.connections.store;

import org.jspecify.annotations.NullMarked;
