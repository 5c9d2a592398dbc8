package com.carto.connections.grants;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a grant lets a token holder read: a {@link Table} (some of its columns, filtered by the caller with the simple
 * comparisons the SDK writes) or a {@link NamedQuery} (SQL kept on the server, with typed parameters the caller fills).
 */
public sealed interface GrantSource {
    /**
     * A table by its canonical fully-qualified name, as the warehouse spells it (e.g. {@code ["gis", "public",
     * "parcels"]}): the SDK quotes each part, so the name is never case-folded or reinterpreted. Only the listed
     * columns can be read or filtered on.
     *
     * @param name the name's parts, outermost first
     * @param columns the columns a caller may read and filter on, at least one
     */
    record Table(List<String> name, List<String> columns) implements GrantSource {
        public Table {
            name = identifiers("sources.table.name", name);
            columns = identifiers("sources.table.columns", columns);
        }

        public static Table of(List<String> name, String... columns) {
            return new Table(name, List.of(columns));
        }
    }

    /**
     * A query written by the grant's creator, run only as written, with its {@code :name} parameters bound from the
     * caller's values of the declared types.
     *
     * @param name how callers refer to it: 1 to 64 lowercase letters, digits and {@code _}, starting with a letter
     * @param sql the query, in the warehouse's dialect
     * @param parameters every parameter the query takes, by name, with its type
     */
    record NamedQuery(String name, String sql, Map<String, ParameterType> parameters) implements GrantSource {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
        private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
        private static final int MAX_SQL_LENGTH = 100_000;

        public NamedQuery {
            requireNonNull(name, "name is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(parameters, "parameters is null");
            if (!NAME.matcher(name).matches()) {
                throw InvalidConfigurationException.of(
                        "sources.query.name",
                        "must be 1 to 64 lowercase letters, digits and _, starting with a letter");
            }
            if (sql.isBlank() || sql.length() > MAX_SQL_LENGTH) {
                throw InvalidConfigurationException.of(
                        "sources.query.sql", "must be 1 to " + MAX_SQL_LENGTH + " characters, not blank");
            }
            for (Map.Entry<String, ParameterType> parameter : parameters.entrySet()) {
                if (!PARAMETER.matcher(parameter.getKey()).matches()) {
                    throw InvalidConfigurationException.of(
                            "sources.query.parameters",
                            "names must be 1 to 64 letters, digits and _, not starting with a digit");
                }
                requireNonNull(parameter.getValue(), "parameters holds a null type");
            }
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        public static NamedQuery of(String name, String sql) {
            return new NamedQuery(name, sql, Map.of());
        }

        /** This query taking one more parameter. */
        public NamedQuery parameter(String parameterName, ParameterType type) {
            Map<String, ParameterType> more = new LinkedHashMap<>(parameters);
            more.put(parameterName, type);
            return new NamedQuery(name, sql, more);
        }
    }

    /** Each part 1 to 255 characters without control characters; no duplicates, at least one. */
    private static List<String> identifiers(String field, List<String> parts) {
        requireNonNull(parts, field + " is null");
        if (parts.isEmpty()) {
            throw InvalidConfigurationException.of(field, "needs at least one entry");
        }
        if (new LinkedHashSet<>(parts).size() != parts.size()) {
            throw InvalidConfigurationException.of(field, "holds an entry twice");
        }
        for (String part : parts) {
            requireNonNull(part, field + " holds null");
            if (part.isEmpty() || part.length() > 255 || part.chars().anyMatch(Character::isISOControl)) {
                throw InvalidConfigurationException.of(
                        field, "entries must be 1 to 255 characters without control characters");
            }
        }
        return List.copyOf(parts);
    }
}
