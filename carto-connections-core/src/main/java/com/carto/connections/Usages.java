package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Dependent;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.store.ConnectionStore;
import java.util.List;

/**
 * The registry of what uses each connection, kept by the host: it records a map, workflow or token when it starts
 * using a connection and forgets it when it stops. Deleting a connection with dependents, and narrowing its
 * sharing, read it. The host is trusted here: these calls take no principal.
 */
public final class Usages {
    private final ConnectionStore store;

    Usages(ConnectionStore store) {
        this.store = store;
    }

    /**
     * Records that {@code dependent} uses the connection; recording it again only updates its owner.
     *
     * @throws ConnectionException {@code NOT_FOUND} when the connection does not exist
     */
    public void record(String connectionId, Dependent dependent) {
        store.addDependent(
                requireNonNull(connectionId, "connectionId is null"), requireNonNull(dependent, "dependent is null"));
    }

    /** Forgets a dependent; false when it was not recorded. */
    public boolean remove(String connectionId, String kind, String dependentId) {
        return store.removeDependent(
                requireNonNull(connectionId, "connectionId is null"),
                requireNonNull(kind, "kind is null"),
                requireNonNull(dependentId, "dependentId is null"));
    }

    /** What uses the connection, by kind and id. */
    public List<Dependent> of(String connectionId) {
        return store.dependents(requireNonNull(connectionId, "connectionId is null"));
    }
}
