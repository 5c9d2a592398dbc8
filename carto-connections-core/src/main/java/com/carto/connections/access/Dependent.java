package com.carto.connections.access;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;

/**
 * Something of the host application that uses a connection: a map, a workflow, an API token. The host records
 * them in {@link com.carto.connections.Connections#usages()} so that deleting or narrowing a connection can say what would break.
 *
 * @param kind what it is, e.g. {@code map}, {@code workflow}, {@code token}
 * @param id the host's id of it, unique within its kind
 * @param ownerId the user who owns it
 */
public record Dependent(String kind, String id, String ownerId) {
    public Dependent {
        requireNonNull(kind, "kind is null");
        requireNonNull(id, "id is null");
        requireNonNull(ownerId, "ownerId is null");
        if (kind.isBlank() || kind.length() > 64) {
            throw InvalidConfigurationException.of("kind", "must be 1 to 64 characters");
        }
        if (id.isBlank() || id.length() > 255) {
            throw InvalidConfigurationException.of("id", "must be 1 to 255 characters");
        }
        if (ownerId.isBlank() || ownerId.length() > 255) {
            throw InvalidConfigurationException.of("ownerId", "must be 1 to 255 characters");
        }
    }
}
