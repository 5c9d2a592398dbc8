/**
 * The one exception type of the SDK, {@link com.carto.connections.error.ConnectionException}, its
 * {@link com.carto.connections.error.ErrorCategory} (which says who fixes a failure), and
 * {@link com.carto.connections.error.InvalidConfigurationException}, which lists every problem of a settings form at
 * once. Imports nothing else of the SDK, so every other package may use it.
 */
@NullMarked
package com.carto.connections.error;

import org.jspecify.annotations.NullMarked;
