package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Which connections of one organization to list.
 *
 * @param organizationId only this organization's connections
 * @param providerId only this provider's, when present
 * @param namePrefix only names starting with this, when present
 */
public record ConnectionFilter(String organizationId, Optional<String> providerId, Optional<String> namePrefix) {
    public ConnectionFilter {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(namePrefix, "namePrefix is null");
    }

    public static ConnectionFilter organization(String organizationId) {
        return new ConnectionFilter(organizationId, Optional.empty(), Optional.empty());
    }

    public ConnectionFilter provider(String providerId) {
        return new ConnectionFilter(organizationId, Optional.of(providerId), namePrefix);
    }

    public ConnectionFilter namePrefix(String prefix) {
        return new ConnectionFilter(organizationId, providerId, Optional.of(prefix));
    }
}
