/**
 * What applications use: the {@link com.carto.connections.Connections} facade, the connection model
 * ({@link com.carto.connections.Connection}, {@link com.carto.connections.NewConnection},
 * {@link com.carto.connections.ConnectionChanges}, events and listeners), {@link com.carto.connections.Providers} and
 * the form schema, and {@link com.carto.connections.Usages}, the dependents' registry. The facade's parts live in
 * packages of one idea each: {@code query} (queries, results and their writers, the catalog, geometry), {@code check}
 * (staged live checks), {@code access} (principals, roles, sharing, governance, dependents), {@code secrets}
 * ({@link com.carto.connections.secrets.Secret} and the key ring) and {@code error} (the one exception type and its
 * categories). Every public type in them is a promise: before 1.0 it may still change, after it only compatibly.
 *
 * <p>Nullness: this package and the other API and SPI packages are {@code @NullMarked} (JSpecify): no parameter,
 * return value or field is null unless its type says {@code @Nullable}, as for a {@code QueryResult} value that is
 * SQL NULL. The build checks it with NullAway.
 *
 * <p>Package imports form an acyclic graph: {@code error} imports nothing of the SDK; {@code secrets},
 * {@code query}, {@code check} and {@code access} import {@code error} and each other downwards; the SPI imports
 * those, never this package; this package imports them all. {@code PackageDependenciesTest} checks it.
 */
@NullMarked
package com.carto.connections;

import org.jspecify.annotations.NullMarked;
