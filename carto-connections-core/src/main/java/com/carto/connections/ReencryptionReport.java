package com.carto.connections;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Connections#reencryptSecrets()} did: how many secrets remain under keys other than the primary, and the
 * ones it skipped because they cannot be decrypted (their key is lost, or the ciphertext is damaged). Skipped secrets
 * stay as they are; their owners repair them by re-entering them. A grant signing key that cannot be decrypted
 * verifies and signs nothing: make a new one ({@link Connections#rotateGrantSigningKey()}), re-issue the tokens of
 * the grants it signed and retire it.
 *
 * @param remaining secrets and signing keys' private halves still under other keys than the primary, the skipped
 *     ones included (0 when done)
 * @param unreadable the secrets skipped, in the order met
 * @param unreadableSigningKeys the grant signing keys skipped, oldest first
 */
public record ReencryptionReport(
        long remaining, List<UnreadableSecret> unreadable, List<UnreadableSigningKey> unreadableSigningKeys) {
    public ReencryptionReport {
        unreadable = List.copyOf(requireNonNull(unreadable, "unreadable is null"));
        unreadableSigningKeys = List.copyOf(requireNonNull(unreadableSigningKeys, "unreadableSigningKeys is null"));
    }

    /** A report of secrets only, no signing key unreadable. */
    public ReencryptionReport(long remaining, List<UnreadableSecret> unreadable) {
        this(remaining, unreadable, List.of());
    }

    /**
     * One secret that could not be decrypted, named without its value.
     *
     * @param connectionId the connection
     * @param secretName the secret property's name
     * @param viewerId the viewer whose credential it is; empty for the connection's own secret
     * @param keyId the key it is stored under
     */
    public record UnreadableSecret(String connectionId, String secretName, Optional<String> viewerId, String keyId) {
        public UnreadableSecret {
            requireNonNull(connectionId, "connectionId is null");
            requireNonNull(secretName, "secretName is null");
            requireNonNull(viewerId, "viewerId is null");
            requireNonNull(keyId, "keyId is null");
        }
    }

    /**
     * A grant signing key whose private half could not be decrypted.
     *
     * @param signingKeyId the signing key's id, as tokens name it in {@code kid}
     * @param keyId the key ring's key it is stored under
     */
    public record UnreadableSigningKey(String signingKeyId, String keyId) {
        public UnreadableSigningKey {
            requireNonNull(signingKeyId, "signingKeyId is null");
            requireNonNull(keyId, "keyId is null");
        }
    }
}
