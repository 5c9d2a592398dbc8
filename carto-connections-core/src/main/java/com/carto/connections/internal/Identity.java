package com.carto.connections.internal;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whose credentials a client of a connection uses: the owner's, stored with the connection, or one viewer's own
 * (connections shared with viewer credentials). The one place that spells an identity: it names the client-cache slot
 * ({@link ClientKey}), what {@link com.carto.connections.spi.ConnectionSettings#identity()} tells a provider, and what
 * a stored secret is bound to when encrypted.
 *
 * <p>The spellings are part of the stored data, since {@link #secretName} is in every ciphertext's associated data:
 * changing them would make every stored viewer credential undecryptable. They are unambiguous because property names
 * are camelCase letters and digits, never {@code :}.
 */
public final class Identity {
    /** The owner's stored credentials, which every principal but a viewer with credentials of their own uses. */
    public static final Identity OWNER = new Identity(null);

    /**
     * The user id a connection's service identity is stored under, beside its viewers' credentials: the tab makes it an
     * id no {@link com.carto.connections.access.Principal} can have (their ids hold no control characters), so no
     * member ever uses it as their own, while it is encrypted, re-encrypted, rotated and dropped exactly as viewers'
     * credentials are.
     */
    public static final String SERVICE_USER_ID = "\tservice";

    /**
     * The credentials the connection's owner set for tokens on a connection shared with viewer credentials (README,
     * "Grants and tokens"): one identity a grant runs as where every member otherwise brings their own.
     */
    public static final Identity SERVICE = new Identity(SERVICE_USER_ID);

    private static final String OWNER_NAME = "owner";
    private static final String SERVICE_NAME = "service";
    private static final String VIEWER_PREFIX = "viewer:";

    private final @Nullable String viewerId;
    private final String name;

    private Identity(@Nullable String viewerId) {
        this.viewerId = viewerId;
        this.name = viewerId == null
                ? OWNER_NAME
                : viewerId.equals(SERVICE_USER_ID) ? SERVICE_NAME : VIEWER_PREFIX + viewerId;
    }

    /**
     * A viewer using the credentials they provided for the connection; {@link #SERVICE} for {@link #SERVICE_USER_ID}.
     */
    public static Identity viewer(String userId) {
        requireNonNull(userId, "userId is null");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("a viewer's user id is empty");
        }
        return userId.equals(SERVICE_USER_ID) ? SERVICE : new Identity(userId);
    }

    /**
     * The user id the identity's credentials are stored under: the viewer's, or {@link #SERVICE_USER_ID}; empty for the
     * owner.
     */
    public Optional<String> viewerId() {
        return Optional.ofNullable(viewerId);
    }

    public boolean isOwner() {
        return viewerId == null;
    }

    /**
     * {@code owner}, {@code service}, or {@code viewer:} and the user id: the cache slot's and the provider's name for
     * it.
     */
    public String name() {
        return name;
    }

    /**
     * What a secret of this identity is bound to in its ciphertext's associated data: the property name for the
     * owner's secrets, {@code viewer:<user id>:<property name>} for a viewer's and {@code service:<property name>} for
     * the service identity's, so a ciphertext copied to the owner's row or to another identity's fails to decrypt.
     */
    public String secretName(String secretKey) {
        requireNonNull(secretKey, "secretKey is null");
        return viewerId == null ? secretKey : name + ":" + secretKey;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Identity that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
