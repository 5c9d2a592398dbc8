package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One way to connect to a provider's warehouse (password, key pair, OAuth…), with the ordered properties it needs.
 *
 * @param id stable lower-case id, e.g. {@code password} or {@code service_account}; the {@code config.type} in JSON
 * @param displayName what a form shows
 * @param properties the settings, in form order; names are unique
 * @param personal whether the credentials are one person's own (OAuth): such a connection may be shared only with
 *     viewer credentials, so nobody else ever acts as its owner
 */
public record AuthMethod(String id, String displayName, List<Property<?>> properties, boolean personal) {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");

    public AuthMethod {
        requireNonNull(id, "id is null");
        requireNonNull(displayName, "displayName is null");
        properties = List.copyOf(properties);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("auth method ids are lower_snake_case but was " + id);
        }
        Set<String> names = new HashSet<>();
        for (Property<?> property : properties) {
            if (!names.add(property.name())) {
                throw new IllegalArgumentException("auth method " + id + " declares " + property.name() + " twice");
            }
        }
    }

    /** An auth method whose credentials are not one person's own: a service account, a password, a key pair. */
    public AuthMethod(String id, String displayName, List<Property<?>> properties) {
        this(id, displayName, properties, false);
    }

    /** An auth method whose credentials are one person's own, such as OAuth; see {@link #personal()}. */
    public static AuthMethod personal(String id, String displayName, List<Property<?>> properties) {
        return new AuthMethod(id, displayName, properties, true);
    }

    public Optional<Property<?>> property(String name) {
        return properties.stream()
                .filter(property -> property.name().equals(name))
                .findFirst();
    }
}
