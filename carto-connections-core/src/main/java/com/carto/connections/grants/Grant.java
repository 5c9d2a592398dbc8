package com.carto.connections.grants;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A stored grant, as listed by {@link com.carto.connections.Connections#grants}. It holds no secret: its token is
 * returned once, when it is created, and never kept.
 *
 * @param id the grant's id, which its token carries as {@code jti}
 * @param connectionId the connection it lets token holders use
 * @param organizationId the connection's organization
 * @param creatorId the member who created it; the grant works only while they may still use the connection
 * @param sources what may be read
 * @param operations what for
 * @param referrers the advisory origin allowlist; empty for any
 * @param createdAt when it was created
 * @param expiresAt when it stops working
 * @param revokedAt when it was revoked, if it was
 */
public record Grant(
        String id,
        String connectionId,
        String organizationId,
        String creatorId,
        List<GrantSource> sources,
        Set<GrantOperation> operations,
        Set<String> referrers,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> revokedAt) {
    public Grant {
        requireNonNull(id, "id is null");
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(creatorId, "creatorId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        NewGrant checked = new NewGrant(sources, operations, referrers, expiresAt);
        sources = checked.sources();
        operations = checked.operations();
        referrers = checked.referrers();
    }

    /** Whether the grant works at {@code now}: not revoked and not expired (the creator's access is checked apart). */
    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
