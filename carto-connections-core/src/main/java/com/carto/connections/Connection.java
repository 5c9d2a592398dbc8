package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Sharing;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A registered connection as callers see it. Secrets are write-only: only the names of the secrets that are set
 * appear, never a value or a ciphertext.
 *
 * @param id opaque and stable
 * @param name unique in the organization
 * @param providerId e.g. {@code postgres}
 * @param authMethod e.g. {@code password}
 * @param properties the non-secret settings
 * @param secretKeys the names of the secret settings that hold a value
 * @param advanced the advanced options as given (absent ones take their defaults)
 * @param ownerId the owner's user id
 * @param organizationId the organization
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version the optimistic-lock version to pass to updates
 * @param sharing who besides the owner may see and use it
 * @param access why the principal who asked sees it
 */
public record Connection(
        String id,
        String name,
        String providerId,
        String authMethod,
        Map<String, Object> properties,
        Set<String> secretKeys,
        Map<String, Object> advanced,
        String ownerId,
        String organizationId,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Sharing sharing,
        AccessReason access) {

    public Connection {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(authMethod, "authMethod is null");
        properties = Map.copyOf(properties);
        secretKeys = Set.copyOf(secretKeys);
        advanced = Map.copyOf(advanced);
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(sharing, "sharing is null");
        requireNonNull(access, "access is null");
    }
}
