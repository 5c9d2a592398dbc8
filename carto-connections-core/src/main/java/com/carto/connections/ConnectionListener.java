package com.carto.connections;

/**
 * Receives {@link ConnectionEvent}s after each change is stored. Called on the thread that made the change; it
 * must be quick and thread-safe. A listener that throws is logged and ignored: the change has happened.
 */
@FunctionalInterface
public interface ConnectionListener {
    ConnectionListener NONE = event -> {};

    void onEvent(ConnectionEvent event);
}
