/**
 * The staged live check of a connection: {@link com.carto.connections.check.CheckOptions} in,
 * {@link com.carto.connections.check.CheckReport} out, one {@link com.carto.connections.check.StageResult} per
 * {@link com.carto.connections.check.CheckStage} with its category, whether a retry may help, the properties likely
 * wrong and a hint; {@link com.carto.connections.check.CheckFailedException} when a create or update refuses to store
 * a connection that fails it.
 */
@NullMarked
package com.carto.connections.check;

import org.jspecify.annotations.NullMarked;
