package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Sharing;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A connection as a listing reads it: what {@link StoredConnection} holds, with the names of its secrets in place of
 * their ciphertexts. A listing shows which secrets are set and never decrypts one, so a store need not read or send
 * the ciphertexts for it.
 *
 * @param id opaque and stable
 * @param organizationId the organization the connection belongs to
 * @param ownerId the user who owns it
 * @param name the connection name
 * @param providerId e.g. {@code postgres}
 * @param authMethod e.g. {@code password}
 * @param properties non-secret property values: strings, numbers and booleans
 * @param secretKeys the names of the secret properties that hold a value
 * @param advanced advanced option values: strings, numbers and booleans
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version 1 when created, one more with every update
 * @param sharing who besides the owner may see and use it
 */
public record ListedConnection(
        String id,
        String organizationId,
        String ownerId,
        String name,
        String providerId,
        String authMethod,
        Map<String, Object> properties,
        Set<String> secretKeys,
        Map<String, Object> advanced,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Sharing sharing) {

    public ListedConnection {
        requireNonNull(id, "id is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(name, "name is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(authMethod, "authMethod is null");
        // Immutable copies (a copy of one is the same instance), so the caller's own immutable view copies nothing.
        properties = plainValues(properties, "properties");
        secretKeys = Set.copyOf(secretKeys);
        advanced = plainValues(advanced, "advanced");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(sharing, "sharing is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but was " + version);
        }
        for (String key : secretKeys) {
            if (properties.containsKey(key)) {
                throw new IllegalArgumentException(key + " is both a plain property and a secret");
            }
        }
    }

    /** The listing row of a stored connection: its secrets' names without their ciphertexts. */
    public static ListedConnection of(StoredConnection stored) {
        requireNonNull(stored, "stored is null");
        return new ListedConnection(
                stored.id(),
                stored.organizationId(),
                stored.ownerId(),
                stored.name(),
                stored.providerId(),
                stored.authMethod(),
                stored.properties(),
                stored.encryptedSecrets().keySet(),
                stored.advanced(),
                stored.createdAt(),
                stored.updatedAt(),
                stored.version(),
                stored.sharing());
    }

    private static Map<String, Object> plainValues(Map<String, Object> values, String what) {
        values.forEach((key, value) -> {
            requireNonNull(key, what + " has a null key");
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException(what + "." + key + " must be a string, number or boolean");
            }
        });
        return Map.copyOf(values);
    }
}
