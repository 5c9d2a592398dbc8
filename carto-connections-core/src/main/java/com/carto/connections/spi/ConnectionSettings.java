package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

/**
 * Everything a provider needs to open a client for one connection and one identity.
 *
 * @param connectionId the connection's id, for logs and client naming; a draft being checked has a temporary id
 * @param authMethod the auth method the properties were parsed against
 * @param properties the validated properties, secrets included (decrypted only for this)
 * @param options the common advanced options
 * @param identity who the client acts as: {@code owner}, or {@code viewer:} and the user id of a viewer using their own
 *     credentials; never a secret
 */
public record ConnectionSettings(
        String connectionId,
        AuthMethod authMethod,
        PropertyValues properties,
        AdvancedOptions options,
        String identity) {

    public ConnectionSettings {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(authMethod, "authMethod is null");
        requireNonNull(properties, "properties is null");
        requireNonNull(options, "options is null");
        requireNonNull(identity, "identity is null");
        if (!properties.properties().equals(authMethod.properties())) {
            throw new IllegalArgumentException("properties were not parsed against auth method " + authMethod.id());
        }
    }

    public <T> T get(Property<T> property) {
        return properties.get(property);
    }
}
