package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A PATCH of a connection's settings: what is set here replaces the stored value, what is removed goes back to its
 * default, and everything else — secrets included — keeps its stored value. Immutable.
 */
public final class ConnectionChanges {
    private final Map<String, Object> properties;
    private final Set<String> removed;
    private final Map<String, Object> advanced;

    private ConnectionChanges(Map<String, Object> properties, Set<String> removed, Map<String, Object> advanced) {
        this.properties = properties;
        this.removed = removed;
        this.advanced = advanced;
    }

    public static ConnectionChanges none() {
        return new ConnectionChanges(Map.of(), Set.of(), Map.of());
    }

    public ConnectionChanges property(String key, Object value) {
        return new ConnectionChanges(with(properties, key, value), without(removed, key), advanced);
    }

    public ConnectionChanges secret(String key, String value) {
        return property(key, Secret.of(requireNonNull(value, "value is null")));
    }

    /** Clears an optional property so its default applies again. */
    public ConnectionChanges remove(String key) {
        requireNonNull(key, "key is null");
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.remove(key);
        Set<String> gone = new LinkedHashSet<>(removed);
        gone.add(key);
        return new ConnectionChanges(Collections.unmodifiableMap(copy), Collections.unmodifiableSet(gone), advanced);
    }

    public ConnectionChanges option(String key, Object value) {
        return new ConnectionChanges(properties, removed, with(advanced, key, value));
    }

    Map<String, Object> properties() {
        return properties;
    }

    Set<String> removed() {
        return removed;
    }

    Map<String, Object> advanced() {
        return advanced;
    }

    private static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }

    private static Set<String> without(Set<String> keys, String key) {
        Set<String> copy = new LinkedHashSet<>(keys);
        copy.remove(key);
        return Collections.unmodifiableSet(copy);
    }

    @Override
    public String toString() {
        return "ConnectionChanges[set=" + properties.keySet() + ", removed=" + removed + ", advanced="
                + advanced.keySet() + "]";
    }
}
