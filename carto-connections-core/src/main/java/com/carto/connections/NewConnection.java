package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection to create (or to check before creating). Immutable: each method returns a new draft.
 *
 * <pre>{@code
 * NewConnection.of("postgres", "gis-prod").authMethod("password")
 *     .property("host", "db.example.com").property("database", "gis").property("username", "carto")
 *     .secret("password", passwordFromTheForm)
 * }</pre>
 */
public final class NewConnection {
    private final String providerId;
    private final String name;
    private final @Nullable String authMethod;
    private final Map<String, Object> properties;
    private final Map<String, Object> advanced;
    private final boolean liveCheck;

    private NewConnection(
            String providerId,
            String name,
            @Nullable String authMethod,
            Map<String, Object> properties,
            Map<String, Object> advanced,
            boolean liveCheck) {
        this.providerId = providerId;
        this.name = name;
        this.authMethod = authMethod;
        this.properties = properties;
        this.advanced = advanced;
        this.liveCheck = liveCheck;
    }

    /** A draft with the provider's first (default) auth method unless {@link #authMethod} says otherwise. */
    public static NewConnection of(String providerId, String name) {
        requireNonNull(providerId, "providerId is null");
        requireNonNull(name, "name is null");
        return new NewConnection(providerId, name, null, Map.of(), Map.of(), true);
    }

    public NewConnection authMethod(String authMethod) {
        return new NewConnection(
                providerId, name, requireNonNull(authMethod, "authMethod is null"), properties, advanced, liveCheck);
    }

    /** A non-secret setting, as text or as its typed value. */
    public NewConnection property(String key, Object value) {
        return new NewConnection(providerId, name, authMethod, with(properties, key, value), advanced, liveCheck);
    }

    public NewConnection secret(String key, String value) {
        return secret(key, Secret.of(requireNonNull(value, "value is null")));
    }

    public NewConnection secret(String key, Secret value) {
        return new NewConnection(providerId, name, authMethod, with(properties, key, value), advanced, liveCheck);
    }

    /** An advanced option such as {@code queryTimeout} or {@code tempLocation}. */
    public NewConnection option(String key, Object value) {
        return new NewConnection(providerId, name, authMethod, properties, with(advanced, key, value), liveCheck);
    }

    /**
     * Stores the connection without testing it live first, e.g. for a warehouse that is reachable only later.
     * Validation still runs.
     */
    public NewConnection skipLiveCheck() {
        return new NewConnection(providerId, name, authMethod, properties, advanced, false);
    }

    public String providerId() {
        return providerId;
    }

    public String name() {
        return name;
    }

    /** The auth method, or null to take the provider's default. */
    @Nullable
    String authMethodOrNull() {
        return authMethod;
    }

    Map<String, Object> properties() {
        return properties;
    }

    Map<String, Object> advanced() {
        return advanced;
    }

    boolean liveCheck() {
        return liveCheck;
    }

    private static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        // Secret values print redacted through Secret.toString; plain strings given for secret keys are not
        // known to be secret here, so only the keys are shown.
        return "NewConnection[" + providerId + " " + name + ", authMethod=" + authMethod + ", properties="
                + properties.keySet() + ", advanced=" + advanced + "]";
    }
}
