package com.carto.connections.access;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * An organization's rules for new connections, supplied by the host through {@link Governance}. They apply to new
 * actions only (creating, sharing): connections that exist keep working when a rule tightens.
 *
 * @param allowedProviders the provider ids members may create connections with; empty allows every provider
 * @param allowedAuthMethods the auth method ids (e.g. {@code password}, {@code oauth}) allowed; empty allows all
 * @param rolesAllowedToCreate the roles that may create connections; viewers never may
 * @param sharingAllowed whether connections may be shared beyond private at all
 */
public record GovernancePolicy(
        Optional<Set<String>> allowedProviders,
        Optional<Set<String>> allowedAuthMethods,
        Set<Role> rolesAllowedToCreate,
        boolean sharingAllowed) {

    public GovernancePolicy {
        allowedProviders =
                requireNonNull(allowedProviders, "allowedProviders is null").map(Set::copyOf);
        allowedAuthMethods =
                requireNonNull(allowedAuthMethods, "allowedAuthMethods is null").map(Set::copyOf);
        rolesAllowedToCreate = Set.copyOf(rolesAllowedToCreate);
    }

    /** Every provider and auth method, editors and above create, sharing allowed: the default. */
    public static GovernancePolicy permissive() {
        return new GovernancePolicy(
                Optional.empty(), Optional.empty(), EnumSet.of(Role.SUPERADMIN, Role.ADMIN, Role.EDITOR), true);
    }

    public GovernancePolicy allowProviders(String... providerIds) {
        return new GovernancePolicy(
                Optional.of(Set.of(providerIds)), allowedAuthMethods, rolesAllowedToCreate, sharingAllowed);
    }

    public GovernancePolicy allowAuthMethods(String... authMethodIds) {
        return new GovernancePolicy(
                allowedProviders, Optional.of(Set.of(authMethodIds)), rolesAllowedToCreate, sharingAllowed);
    }

    public GovernancePolicy allowCreation(Role... roles) {
        return new GovernancePolicy(
                allowedProviders, allowedAuthMethods, Set.copyOf(Arrays.asList(roles)), sharingAllowed);
    }

    public GovernancePolicy sharing(boolean allowed) {
        return new GovernancePolicy(allowedProviders, allowedAuthMethods, rolesAllowedToCreate, allowed);
    }

    public boolean allowsProvider(String providerId) {
        return allowedProviders.map(ids -> ids.contains(providerId)).orElse(true);
    }

    public boolean allowsAuthMethod(String authMethodId) {
        return allowedAuthMethods.map(ids -> ids.contains(authMethodId)).orElse(true);
    }

    public boolean allowsCreationBy(Role role) {
        return role.canOwnAssets() && rolesAllowedToCreate.contains(role);
    }
}
