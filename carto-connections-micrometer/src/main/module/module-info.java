/** Micrometer meters for carto-connections: {@code ConnectionsMetrics}, an observer of the {@code Connections} facade. */
module com.carto.connections.micrometer {
    exports com.carto.connections.micrometer;

    requires com.carto.connections;
    // MeterRegistry appears in ConnectionsMetrics' API.
    requires transitive micrometer.core;
}
