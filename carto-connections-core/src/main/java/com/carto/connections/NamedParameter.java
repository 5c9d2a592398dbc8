package com.carto.connections;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A query parameter bound by name, for warehouses whose SQL names its parameters (BigQuery's {@code @zone}):
 *
 * <pre>{@code
 * Query.sql("select * from parcels where zone = @zone and area > @area")
 *      .param(NamedParameter.of("zone", "R1")).param(NamedParameter.of("area", 500))
 * }</pre>
 *
 * <p>A query binds all its parameters by name or none. A provider whose warehouse has no named parameters rejects
 * one with {@link ErrorCategory#INVALID_CONFIGURATION}. Immutable; {@code toString} leaves the value out, as
 * {@link Query} does, since it is user data.
 *
 * @param name the name in the SQL, without its marker: a letter or underscore, then letters, digits or underscores
 * @param value the value, or {@code null} for SQL NULL
 */
public record NamedParameter(String name, Object value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public NamedParameter {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a parameter name is a letter or underscore, then letters, digits or"
                    + " underscores, but was " + name);
        }
    }

    public static NamedParameter of(String name, Object value) {
        return new NamedParameter(name, value);
    }

    @Override
    public String toString() {
        return "NamedParameter[" + name + "]";
    }
}
