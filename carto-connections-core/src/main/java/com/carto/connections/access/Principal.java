package com.carto.connections.access;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who acts: supplied by the host application on every call, which the SDK trusts (it has no user directory).
 *
 * @param userId the user's stable id
 * @param organizationId the user's organization; nothing of another organization is visible
 * @param role the user's role in that organization
 * @param groups the groups the user belongs to, for sharing with groups
 */
public record Principal(String userId, String organizationId, Role role, Set<String> groups) {
    public Principal {
        requireNonNull(userId, "userId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(role, "role is null");
        groups = Set.copyOf(groups);
        if (userId.isBlank() || organizationId.isBlank()) {
            throw new IllegalArgumentException("userId and organizationId must not be blank");
        }
    }

    public static Principal of(String userId, String organizationId, Role role) {
        return new Principal(userId, organizationId, role, Set.of());
    }
}
