package com.carto.connections.spring;

import com.carto.connections.Connections;
import com.carto.connections.WarehouseObserver;
import java.util.function.Consumer;

/**
 * The meters for the {@link Connections} bean, seen through core types only, so that the auto-configuration can ask
 * for them without loading a Micrometer class where Micrometer is missing.
 *
 * @param observer told of every warehouse call
 * @param binder registers the gauges that read the built {@code Connections}
 */
record ConnectionsMetricsHolder(WarehouseObserver observer, Consumer<Connections> binder) {}
