package com.carto.connections.spi;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A warehouse type the SDK can connect to: its descriptor (auth methods and their properties, capabilities,
 * dialect) and a factory of {@link WarehouseClient}s.
 *
 * <p>Implementations are {@code public final} with a public no-argument constructor, listed in
 * {@code META-INF/services/com.carto.connections.spi.ConnectionProvider}, stateless and thread-safe. A provider
 * never parses raw input itself: the SDK validates the raw map against {@link #authMethods()} first and passes
 * the typed result to {@link #open}.
 */
public interface ConnectionProvider {
    /** Stable lower-case id, e.g. {@code postgres}; the {@code provider_id} in JSON. */
    String id();

    /** What a user sees, e.g. {@code PostgreSQL}. */
    String displayName();

    /** At least one auth method, the default first. */
    List<AuthMethod> authMethods();

    default Set<Capability> capabilities() {
        return Set.of();
    }

    Dialect dialect();

    /**
     * Opens a client for one connection and one identity. It must not touch the network: the pool opens sockets
     * when first used, so a client can be created for a connection that is down.
     */
    WarehouseClient open(ConnectionSettings settings, ProviderContext context);

    /**
     * The properties a viewer provides to use a connection shared with viewer credentials. Fails with
     * {@link ErrorCategory#UNSUPPORTED} unless the provider declares {@link Capability#VIEWER_CREDENTIALS}.
     */
    default List<Property<?>> viewerCredentialProperties(String authMethodId) {
        throw new ConnectionException(
                ErrorCategory.UNSUPPORTED, displayName() + " connections cannot use viewer credentials");
    }

    default Optional<AuthMethod> authMethod(String id) {
        return authMethods().stream().filter(method -> method.id().equals(id)).findFirst();
    }
}
