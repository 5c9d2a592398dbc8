package com.carto.connections.access;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.util.Set;

/**
 * Who acts: supplied by the host application on every call, which the SDK trusts (it has no user directory).
 *
 * <p>An id or group that is blank, longer than 255 characters or holds a control character fails with an
 * {@link InvalidConfigurationException} naming the field.
 *
 * @param userId the user's stable id
 * @param organizationId the user's organization; nothing of another organization is visible
 * @param role the user's role in that organization
 * @param groups the groups the user belongs to, for sharing with groups
 */
public record Principal(String userId, String organizationId, Role role, Set<String> groups) {
    private static final int MAX_ID_LENGTH = 255;

    public Principal {
        requireNonNull(userId, "userId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(role, "role is null");
        groups = Set.copyOf(groups);
        requireIdentifier("userId", userId);
        requireIdentifier("organizationId", organizationId);
        for (String group : groups) {
            requireIdentifier("groups", group);
        }
    }

    /**
     * The store keeps ids and group names in 255 characters; a longer or unprintable one is the host's mistake, told
     * at once and by name rather than as a store failure on the first write.
     */
    private static void requireIdentifier(String field, String value) {
        if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
            throw InvalidConfigurationException.of(field, "must be 1 to " + MAX_ID_LENGTH + " characters, not blank");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw InvalidConfigurationException.of(field, "must not contain control characters");
        }
    }

    public static Principal of(String userId, String organizationId, Role role) {
        return new Principal(userId, organizationId, role, Set.of());
    }
}
