package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.internal.CredentialResolver;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The providers an application can use, by id. Build it explicitly with {@link #of} (the dependable way) or let
 * {@link #discover()} find every provider module on the class path. Two providers with one id fail fast, naming
 * both classes. Immutable and thread-safe.
 */
public final class Providers {
    private final Map<String, ConnectionProvider> byId;

    private Providers(Map<String, ConnectionProvider> byId) {
        this.byId = byId;
    }

    public static Providers of(ConnectionProvider... providers) {
        return of(List.of(providers));
    }

    public static Providers of(List<? extends ConnectionProvider> providers) {
        Map<String, ConnectionProvider> byId = new LinkedHashMap<>();
        for (ConnectionProvider provider : providers) {
            requireNonNull(provider, "provider is null");
            ConnectionProvider previous = byId.putIfAbsent(provider.id(), provider);
            if (previous != null) {
                throw new IllegalStateException("two providers have the id '" + provider.id() + "': "
                        + previous.getClass().getName() + " and "
                        + provider.getClass().getName());
            }
        }
        return new Providers(Collections.unmodifiableMap(byId));
    }

    /** Every provider registered with {@link ServiceLoader} visible to this class's loader. */
    public static Providers discover() {
        return discover(Providers.class.getClassLoader());
    }

    public static Providers discover(ClassLoader loader) {
        requireNonNull(loader, "loader is null");
        List<ConnectionProvider> found = new ArrayList<>();
        ServiceLoader.load(ConnectionProvider.class, loader).forEach(found::add);
        return of(found);
    }

    /** The providers in registration order. */
    public List<ConnectionProvider> all() {
        return List.copyOf(byId.values());
    }

    /** The provider with this id; {@link ErrorCategory#NOT_FOUND} names the known ids otherwise. */
    public ConnectionProvider get(String id) {
        ConnectionProvider provider = byId.get(requireNonNull(id, "id is null"));
        if (provider == null) {
            throw new ConnectionException(
                    ErrorCategory.NOT_FOUND,
                    "provider_id '" + InvalidConfigurationException.abbreviate(id)
                            + "' is not a known provider; known providers are " + knownIds());
        }
        return provider;
    }

    /**
     * Validates raw settings for a provider and auth method, reporting every problem of the properties and the
     * advanced options at once.
     *
     * @throws InvalidConfigurationException naming {@code provider_id}, {@code type} (the auth method) or each property
     */
    public ConnectionSettings settings(
            String connectionId,
            String providerId,
            String authMethodId,
            Map<String, ?> properties,
            Map<String, ?> advanced) {
        ConnectionProvider provider = byId.get(providerId);
        if (provider == null) {
            throw InvalidConfigurationException.of(
                    "provider_id",
                    "'" + InvalidConfigurationException.abbreviate(providerId)
                            + "' is not a known provider; known providers are " + knownIds());
        }
        return CredentialResolver.settings(connectionId, provider, authMethodId, properties, advanced);
    }

    /** The creation form of a provider as a JSON Schema document (see {@link ConnectionFormSchema}). */
    public String jsonSchema(String providerId) {
        return ConnectionFormSchema.of(get(providerId));
    }

    private String knownIds() {
        return String.join(", ", byId.keySet());
    }

    @Override
    public String toString() {
        return "Providers" + byId.keySet();
    }
}
