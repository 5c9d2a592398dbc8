package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

/**
 * A secret's ciphertext envelope and the id of the key it is encrypted under.
 *
 * @param keyId the key ring's id of the key
 * @param ciphertext the envelope, opaque to the store
 */
public record EncryptedSecret(String keyId, String ciphertext) {
    public EncryptedSecret {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(ciphertext, "ciphertext is null");
    }

    @Override
    public String toString() {
        return "EncryptedSecret[under " + keyId + "]";
    }
}
