package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * Which connections of one organization to list.
 *
 * @param organizationId only this organization's connections
 * @param providerId only this provider's, when present
 * @param namePrefix only names starting with this, when present
 * @param nameContains only names containing this, ignoring case as the store's {@code lower} does, when present
 * @param audience only those this user may see (owned, shared with the organization or viewer credentials, or with
 *     one of the groups), when present; filtered in the store's query, not in memory
 */
public record ConnectionFilter(
        String organizationId,
        Optional<String> providerId,
        Optional<String> namePrefix,
        Optional<String> nameContains,
        Optional<Audience> audience) {
    public ConnectionFilter {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(namePrefix, "namePrefix is null");
        requireNonNull(nameContains, "nameContains is null");
        requireNonNull(audience, "audience is null");
    }

    public ConnectionFilter(String organizationId, Optional<String> providerId, Optional<String> namePrefix) {
        this(organizationId, providerId, namePrefix, Optional.empty(), Optional.empty());
    }

    public static ConnectionFilter organization(String organizationId) {
        return new ConnectionFilter(organizationId, Optional.empty(), Optional.empty());
    }

    public ConnectionFilter provider(String providerId) {
        return new ConnectionFilter(organizationId, Optional.of(providerId), namePrefix, nameContains, audience);
    }

    public ConnectionFilter namePrefix(String prefix) {
        return new ConnectionFilter(organizationId, providerId, Optional.of(prefix), nameContains, audience);
    }

    public ConnectionFilter nameContains(String text) {
        return new ConnectionFilter(organizationId, providerId, namePrefix, Optional.of(text), audience);
    }

    /** Only what {@code userId}, a member of {@code groups}, may see. */
    public ConnectionFilter visibleTo(String userId, Set<String> groups) {
        return new ConnectionFilter(
                organizationId, providerId, namePrefix, nameContains, Optional.of(new Audience(userId, groups)));
    }

    /** The same filter for a reader who may see every connection of the organization. */
    public ConnectionFilter anyAudience() {
        return new ConnectionFilter(organizationId, providerId, namePrefix, nameContains, Optional.empty());
    }

    /**
     * A user and their groups.
     *
     * @param userId the user
     * @param groups the groups they belong to
     */
    public record Audience(String userId, Set<String> groups) {
        public Audience {
            requireNonNull(userId, "userId is null");
            groups = Set.copyOf(groups);
        }
    }
}
