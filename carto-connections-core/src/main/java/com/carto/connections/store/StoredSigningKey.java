package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A key pair that signs grant tokens, as stored: the public key in the clear (it is not a secret), the private key
 * encrypted under the key ring.
 *
 * @param keyId the id tokens name in their {@code kid} header
 * @param publicKey the public key, X.509 DER in base64
 * @param privateKey the private key's PKCS#8 DER in base64, encrypted; empty once the key is retired (retiring
 *     erases it)
 * @param createdAt when it was made; the newest key that is not retired signs
 * @param retiredAt when it stopped verifying, if it did
 */
public record StoredSigningKey(
        String keyId,
        String publicKey,
        Optional<EncryptedSecret> privateKey,
        Instant createdAt,
        Optional<Instant> retiredAt) {
    public StoredSigningKey {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(retiredAt, "retiredAt is null");
    }
}
