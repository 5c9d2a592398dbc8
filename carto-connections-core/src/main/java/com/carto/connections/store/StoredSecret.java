package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

/**
 * One encrypted secret of one connection.
 *
 * @param connectionId the connection
 * @param secretKey the secret property's name
 * @param ciphertext its envelope
 * @param keyId the key it is encrypted under
 */
public record StoredSecret(String connectionId, String secretKey, String ciphertext, String keyId) {
    public StoredSecret {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(secretKey, "secretKey is null");
        requireNonNull(ciphertext, "ciphertext is null");
        requireNonNull(keyId, "keyId is null");
    }

    @Override
    public String toString() {
        return "StoredSecret[" + connectionId + "." + secretKey + " under " + keyId + "]";
    }
}
