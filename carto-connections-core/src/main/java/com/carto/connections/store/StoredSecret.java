package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One encrypted secret of one connection: the owner's, or one viewer's own credential.
 *
 * @param connectionId the connection
 * @param secretKey the secret property's name
 * @param ciphertext its envelope
 * @param keyId the key it is encrypted under
 * @param viewerId the viewer whose credential it is; empty for the connection's own secrets
 */
public record StoredSecret(
        String connectionId, String secretKey, String ciphertext, String keyId, Optional<String> viewerId) {
    public StoredSecret {
        requireNonNull(viewerId, "viewerId is null");
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(secretKey, "secretKey is null");
        requireNonNull(ciphertext, "ciphertext is null");
        requireNonNull(keyId, "keyId is null");
    }

    /** One of the connection's own secrets. */
    public StoredSecret(String connectionId, String secretKey, String ciphertext, String keyId) {
        this(connectionId, secretKey, ciphertext, keyId, Optional.empty());
    }

    @Override
    public String toString() {
        return "StoredSecret[" + connectionId + "." + secretKey
                + viewerId.map(viewer -> " of viewer " + viewer).orElse("") + " under " + keyId + "]";
    }
}
