package com.carto.connections;

import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.store.StoredConnection;
import java.util.Collections;
import java.util.Optional;

/**
 * The access model in one place (README, "Access model"): who may do what to a stored connection. Deny by default;
 * a principal of another organization, or one who may not see the connection, is told it does not exist.
 */
final class AccessPolicy {
    private AccessPolicy() {}

    /** What a principal may do to a connection. */
    enum Action {
        VIEW,
        USE,
        EDIT,
        SHARE,
        DELETE,
        TRANSFER,
        PROVIDE_VIEWER_CREDENTIALS
    }

    /** Why the principal sees the connection; empty when it may not. */
    static Optional<AccessReason> reason(Principal principal, StoredConnection connection) {
        return reason(principal, connection.organizationId(), connection.ownerId(), connection.sharing());
    }

    /**
     * Why the principal sees a connection of {@code organizationId} that {@code ownerId} owns and shares as
     * {@code sharing}: all the decision reads, so a listing row decides it as a stored connection does.
     */
    static Optional<AccessReason> reason(Principal principal, String organizationId, String ownerId, Sharing sharing) {
        if (!organizationId.equals(principal.organizationId())) {
            return Optional.empty();
        }
        if (ownerId.equals(principal.userId())) {
            return Optional.of(AccessReason.OWNER);
        }
        switch (sharing.mode()) {
            case ORGANIZATION:
                return Optional.of(AccessReason.ORGANIZATION);
            case VIEWER_CREDENTIALS:
                return Optional.of(AccessReason.VIEWER_CREDENTIALS);
            case GROUPS:
                if (!Collections.disjoint(sharing.groups(), principal.groups())) {
                    return Optional.of(AccessReason.GROUP);
                }
                break;
            case PRIVATE:
                break;
        }
        return principal.role() == Role.SUPERADMIN ? Optional.of(AccessReason.SUPERADMIN) : Optional.empty();
    }

    /**
     * Checks that the principal may act, and returns why it sees the connection.
     *
     * @throws ConnectionException {@code NOT_FOUND} when it may not see the connection, {@code PERMISSION_DENIED}
     *     when it sees it but may not act, {@code IN_USE} when deleting a shared connection
     */
    static AccessReason require(Principal principal, StoredConnection connection, Action action) {
        AccessReason reason = reason(principal, connection).orElseThrow(() -> notFound(connection.id()));
        boolean owner = reason == AccessReason.OWNER;
        boolean manages = owner && principal.role().canOwnAssets();
        switch (action) {
            case VIEW:
                return reason;
            case USE:
                if (reason == AccessReason.SUPERADMIN) {
                    throw denied("a superadmin sees connection " + connection.name()
                            + " but may use it only when it is shared with them");
                }
                return reason;
            case EDIT:
            case SHARE:
                if (!manages) {
                    throw denied(
                            owner
                                    ? "a " + principal.role() + " cannot change connections; a superadmin can transfer "
                                            + connection.name() + " to an editor"
                                    : "only the owner may " + (action == Action.EDIT ? "change" : "share")
                                            + " connection " + connection.name());
                }
                return reason;
            case DELETE:
                if (!manages && principal.role() != Role.SUPERADMIN) {
                    throw denied("only the owner or a superadmin may delete connection " + connection.name());
                }
                if (connection.sharing().isShared()) {
                    throw new ConnectionException(
                            ErrorCategory.IN_USE,
                            "connection " + connection.name() + " is shared ("
                                    + connection.sharing().mode() + "); make it private before deleting it");
                }
                return reason;
            case TRANSFER:
                if (principal.role() != Role.SUPERADMIN) {
                    throw denied("only a superadmin may transfer connection " + connection.name());
                }
                return reason;
            case PROVIDE_VIEWER_CREDENTIALS:
                if (reason != AccessReason.VIEWER_CREDENTIALS) {
                    throw denied(
                            owner
                                    ? "the owner uses connection " + connection.name()
                                            + " with its own credentials; update them instead"
                                    : "connection " + connection.name() + " is not shared with viewer credentials");
                }
                return reason;
        }
        throw new IllegalStateException("unknown action " + action);
    }

    static ConnectionException notFound(String id) {
        return new ConnectionException(
                ErrorCategory.NOT_FOUND,
                "connection " + InvalidConfigurationException.abbreviate(id) + " does not exist");
    }

    private static ConnectionException denied(String message) {
        return new ConnectionException(ErrorCategory.PERMISSION_DENIED, message);
    }
}
