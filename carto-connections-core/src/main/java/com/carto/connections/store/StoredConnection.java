package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Sharing;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection as the store keeps it: non-secret settings as plain JSON-compatible values, secrets only as
 * ciphertext envelopes (see {@link com.carto.connections.internal.SecretCipher}).
 *
 * @param id opaque and stable
 * @param organizationId the organization the connection belongs to; names are unique within it
 * @param ownerId the user who owns it
 * @param name the connection name
 * @param providerId e.g. {@code postgres}
 * @param authMethod e.g. {@code password}
 * @param properties non-secret property values: strings, numbers and booleans
 * @param encryptedSecrets secret property name → its ciphertext
 * @param advanced advanced option values: strings, numbers and booleans
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version 1 when created, one more with every update
 * @param sharing who besides the owner may see and use it
 */
public record StoredConnection(
        String id,
        String organizationId,
        String ownerId,
        String name,
        String providerId,
        String authMethod,
        Map<String, Object> properties,
        Map<String, EncryptedSecret> encryptedSecrets,
        Map<String, Object> advanced,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Sharing sharing) {

    public StoredConnection {
        requireNonNull(id, "id is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(name, "name is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(authMethod, "authMethod is null");
        properties = plainValues(properties, "properties");
        encryptedSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(encryptedSecrets));
        advanced = plainValues(advanced, "advanced");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(sharing, "sharing is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but was " + version);
        }
        for (String key : encryptedSecrets.keySet()) {
            if (properties.containsKey(key)) {
                throw new IllegalArgumentException(key + " is both a plain property and a secret");
            }
        }
    }

    /** A private connection. */
    public StoredConnection(
            String id,
            String organizationId,
            String ownerId,
            String name,
            String providerId,
            String authMethod,
            Map<String, Object> properties,
            Map<String, EncryptedSecret> encryptedSecrets,
            Map<String, Object> advanced,
            Instant createdAt,
            Instant updatedAt,
            long version) {
        this(
                id,
                organizationId,
                ownerId,
                name,
                providerId,
                authMethod,
                properties,
                encryptedSecrets,
                advanced,
                createdAt,
                updatedAt,
                version,
                Sharing.PRIVATE);
    }

    private static Map<String, Object> plainValues(Map<String, Object> values, String what) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            requireNonNull(key, what + " has a null key");
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException(what + "." + key + " must be a string, number or boolean");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** This connection as the next version, changed at {@code now}. */
    public StoredConnection nextVersion(Instant now) {
        return new StoredConnection(
                id,
                organizationId,
                ownerId,
                name,
                providerId,
                authMethod,
                properties,
                encryptedSecrets,
                advanced,
                createdAt,
                now,
                version + 1,
                sharing);
    }

    /** The next version with another sharing. */
    public StoredConnection withSharing(Sharing newSharing, Instant now) {
        return new StoredConnection(
                id,
                organizationId,
                ownerId,
                name,
                providerId,
                authMethod,
                properties,
                encryptedSecrets,
                advanced,
                createdAt,
                now,
                version + 1,
                newSharing);
    }

    /** The next version with another owner. */
    public StoredConnection withOwner(String newOwnerId, Instant now) {
        return new StoredConnection(
                id,
                organizationId,
                newOwnerId,
                name,
                providerId,
                authMethod,
                properties,
                encryptedSecrets,
                advanced,
                createdAt,
                now,
                version + 1,
                sharing);
    }

    @Override
    public String toString() {
        // Ciphertexts are left out: they are useless to a reader and noise in logs.
        return "StoredConnection[id=" + id + ", organizationId=" + organizationId + ", ownerId=" + ownerId + ", name="
                + name
                + ", provider=" + providerId + "/" + authMethod + ", properties=" + properties + ", secrets="
                + encryptedSecrets.keySet() + ", advanced=" + advanced + ", version=" + version + ", sharing=" + sharing
                + "]";
    }
}
