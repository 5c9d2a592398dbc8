package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Dependent;
import java.time.Instant;
import java.util.List;

/**
 * Something that happened to a connection, for audit logs and caches. Carries ids and names, never a setting's
 * value and never a secret.
 *
 * @param type what happened
 * @param connectionId the connection
 * @param name its name after the change
 * @param providerId its provider
 * @param actorUserId who did it
 * @param version the version after the change (for a deletion, the last version)
 * @param at when
 * @param dependents the dependents moved or removed, for {@code DEPENDENTS_REASSIGNED} and {@code DEPENDENTS_REMOVED}
 */
public record ConnectionEvent(
        Type type,
        String connectionId,
        String name,
        String providerId,
        String actorUserId,
        long version,
        Instant at,
        List<Dependent> dependents) {

    public ConnectionEvent {
        requireNonNull(type, "type is null");
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(name, "name is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(actorUserId, "actorUserId is null");
        requireNonNull(at, "at is null");
        dependents = List.copyOf(dependents);
    }

    /** The kinds of event. */
    public enum Type {
        CREATED,
        UPDATED,
        RENAMED,
        DELETED,
        CHECKED,
        /** The sharing changed. */
        SHARED,
        /** A superadmin gave the connection to another owner; {@code actorUserId} is the superadmin. */
        OWNERSHIP_TRANSFERRED,
        /** A viewer stored (or replaced) their own credentials; {@code actorUserId} is the viewer. */
        VIEWER_CREDENTIALS_PROVIDED,
        /** A viewer's credentials were removed. */
        VIEWER_CREDENTIALS_REVOKED,
        /** On delete, the dependents moved to another connection, listed in {@code dependents}. */
        DEPENDENTS_REASSIGNED,
        /** On delete with cascade, the dependents removed from the registry, listed in {@code dependents}. */
        DEPENDENTS_REMOVED,
        /**
         * A grant was created; {@code dependents} holds it as kind {@code grant} with its id and creator (never its
         * token).
         */
        GRANT_CREATED,
        /** A grant was revoked; {@code dependents} holds it as for {@code GRANT_CREATED}. */
        GRANT_REVOKED,
        /**
         * A grant was given to another creator; {@code dependents} holds it as for {@code GRANT_CREATED}, with the new
         * creator.
         */
        GRANT_TRANSFERRED,
        /** The owner set (or replaced) the service identity tokens run as; the event holds no credential. */
        SERVICE_IDENTITY_SET,
        /** The owner removed the service identity; the grants that ran as it are suspended. */
        SERVICE_IDENTITY_REMOVED
    }
}
