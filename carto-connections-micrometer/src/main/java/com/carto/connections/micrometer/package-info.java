/**
 * Micrometer meters for a {@link com.carto.connections.Connections}: {@link
 * com.carto.connections.micrometer.ConnectionsMetrics} observes its warehouse calls and checks and reads its running
 * slots. Tags are bounded: see the module README for every meter, its tags and their largest number of values.
 */
@NullMarked
package com.carto.connections.micrometer;

import org.jspecify.annotations.NullMarked;
