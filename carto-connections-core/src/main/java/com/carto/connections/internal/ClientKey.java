package com.carto.connections.internal;

import static java.util.Objects.requireNonNull;

/**
 * What a cached client is for: one version of one connection, acting as one identity.
 *
 * @param connectionId the connection's id
 * @param version the connection's stored version; a new version gets a new client
 * @param identity the owner, or a viewer using their own credentials
 */
public record ClientKey(String connectionId, long version, Identity identity) {
    public ClientKey {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(identity, "identity is null");
    }

    public static ClientKey owner(String connectionId, long version) {
        return new ClientKey(connectionId, version, Identity.OWNER);
    }
}
