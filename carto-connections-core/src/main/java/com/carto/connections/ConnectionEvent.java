package com.carto.connections;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

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
 */
public record ConnectionEvent(
        Type type, String connectionId, String name, String providerId, String actorUserId, long version, Instant at) {

    public ConnectionEvent {
        requireNonNull(type, "type is null");
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(name, "name is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(actorUserId, "actorUserId is null");
        requireNonNull(at, "at is null");
    }

    /** The kinds of event. */
    public enum Type {
        CREATED,
        UPDATED,
        RENAMED,
        DELETED,
        CHECKED
    }
}
