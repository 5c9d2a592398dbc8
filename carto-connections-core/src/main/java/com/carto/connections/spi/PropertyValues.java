package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validated, typed settings: the result of parsing a raw map against a list of {@link Property} descriptors.
 * Every property is either set, defaulted, or (when optional without default) absent. Immutable; {@code toString}
 * shows secrets redacted.
 */
public final class PropertyValues {
    private final List<Property<?>> properties;
    private final Map<String, Object> values;

    private PropertyValues(List<Property<?>> properties, Map<String, Object> values) {
        this.properties = properties;
        this.values = values;
    }

    /**
     * Parses raw input. Unknown keys, missing required keys, values of the wrong type or out of range are all
     * collected, and reported together in one {@link InvalidConfigurationException}, in the order of the
     * descriptors. A problem with a secret never repeats its value. A {@code null} value counts as absent.
     */
    public static PropertyValues parse(Map<String, ?> raw, List<Property<?>> properties) {
        requireNonNull(raw, "raw is null");
        requireNonNull(properties, "properties is null");
        Map<String, Property<?>> byName = index(properties);
        List<Problem> problems = new ArrayList<>();
        raw.keySet().stream()
                .filter(key -> !byName.containsKey(key))
                .sorted()
                .forEach(key -> problems.add(new Problem(
                        InvalidConfigurationException.abbreviate(String.valueOf(key)),
                        "is not a known property; known properties are " + String.join(", ", byName.keySet()))));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Property<?> property : properties) {
            Object input = raw.get(property.name());
            if (input == null) {
                if (property.isRequired()) {
                    problems.add(new Problem(property.name(), "is required"));
                }
                property.defaultValue().ifPresent(value -> values.put(property.name(), value));
                continue;
            }
            Property.ParseOutcome<?> outcome = property.parse(input);
            if (outcome.problem() != null) {
                problems.add(new Problem(property.name(), outcome.problem()));
            } else {
                values.put(property.name(), outcome.value());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new PropertyValues(List.copyOf(properties), Collections.unmodifiableMap(values));
    }

    /** The value of a property: set, or its default. Fails for an absent optional property; use {@link #find}. */
    public <T> T get(Property<T> property) {
        return find(property).orElseThrow(() -> new IllegalStateException(property.name() + " is not set"));
    }

    public <T> Optional<T> find(Property<T> property) {
        requireNonNull(property, "property is null");
        if (!properties.contains(property)) {
            throw new IllegalArgumentException(property.name() + " is not one of these settings' properties");
        }
        return Optional.ofNullable(values.get(property.name())).map(property.valueType()::cast);
    }

    public List<Property<?>> properties() {
        return properties;
    }

    /** The names of the secret properties that hold a value. */
    public Set<String> secretKeys() {
        return properties.stream()
                .filter(Property::isSecret)
                .map(Property::name)
                .filter(values::containsKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The non-secret values by name, for storage and display. */
    public Map<String, Object> nonSecretValues() {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Property<?> property : properties) {
            if (!property.isSecret() && values.containsKey(property.name())) {
                result.put(property.name(), values.get(property.name()));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, Property<?>> index(List<Property<?>> properties) {
        Map<String, Property<?>> byName = new LinkedHashMap<>();
        for (Property<?> property : properties) {
            if (byName.putIfAbsent(property.name(), property) != null) {
                throw new IllegalArgumentException("duplicate property " + property.name());
            }
        }
        return byName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PropertyValues that && properties.equals(that.properties) && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        // Secret.toString is redacted, so printing the map is safe.
        return "PropertyValues" + values;
    }
}
