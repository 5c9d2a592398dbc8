package com.carto.connections.access;

/**
 * Where the SDK finds each organization's {@link GovernancePolicy}: the host's own settings. Called on every
 * create and share, so it should answer from memory; it must be thread-safe.
 */
@FunctionalInterface
public interface Governance {
    /** Every organization permissive. */
    Governance PERMISSIVE = organizationId -> GovernancePolicy.permissive();

    GovernancePolicy policy(String organizationId);
}
