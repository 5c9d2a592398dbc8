package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection as one user reads it to use it: the connection and, when that user uses it with credentials of their
 * own, those credentials, read together so that using a connection costs one store read.
 *
 * @param connection the connection
 * @param userId the user it was read for
 * @param viewerCredentials the credentials {@code userId} stored for it; empty when they stored none, when they own
 *     it, or when it is not shared with viewer credentials
 */
public record ConnectionForUser(
        StoredConnection connection, String userId, Map<String, EncryptedSecret> viewerCredentials) {
    public ConnectionForUser {
        requireNonNull(connection, "connection is null");
        requireNonNull(userId, "userId is null");
        viewerCredentials = Collections.unmodifiableMap(new LinkedHashMap<>(viewerCredentials));
    }

    @Override
    public String toString() {
        return "ConnectionForUser[" + connection + ", userId=" + userId + ", viewerCredentials="
                + viewerCredentials.keySet() + "]";
    }
}
