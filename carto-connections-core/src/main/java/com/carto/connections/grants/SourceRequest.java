package com.carto.connections.grants;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a token holder asks to read: a granted table's columns with filters, or a granted named query. */
public sealed interface SourceRequest {
    /**
     * Columns of a granted table, filtered by comparisons the SDK writes itself with quoted identifiers and bound
     * values, all joined with {@code and}.
     *
     * @param table the table's fully-qualified name, exactly as granted
     * @param columns the columns to read, each granted
     * @param filters the comparisons, each on a granted column
     */
    record TableRead(List<String> table, List<String> columns, List<Filter> filters) implements SourceRequest {
        private static final int MAX_FILTERS = 50;

        public TableRead {
            table = List.copyOf(requireNonNull(table, "table is null"));
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
            filters = List.copyOf(requireNonNull(filters, "filters is null"));
            if (columns.isEmpty() || new LinkedHashSet<>(columns).size() != columns.size()) {
                throw InvalidConfigurationException.of("columns", "must name at least one column, each once");
            }
            if (filters.size() > MAX_FILTERS) {
                throw InvalidConfigurationException.of("filters", "must hold at most " + MAX_FILTERS + " comparisons");
            }
        }

        public static TableRead of(List<String> table, String... columns) {
            return new TableRead(table, List.of(columns), List.of());
        }

        /** This read with one more comparison. */
        public TableRead where(String column, Comparison comparison, Object value) {
            List<Filter> more = new java.util.ArrayList<>(filters);
            more.add(new Filter(column, comparison, value));
            return new TableRead(table, columns, more);
        }
    }

    /**
     * A granted named query with its parameters.
     *
     * @param name the query's name in the grant
     * @param parameters a value for every parameter the query declares, converted to its declared type
     */
    record NamedQueryCall(String name, Map<String, @Nullable Object> parameters) implements SourceRequest {
        public NamedQueryCall {
            requireNonNull(name, "name is null");
            requireNonNull(parameters, "parameters is null");
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        public static NamedQueryCall of(String name) {
            return new NamedQueryCall(name, Map.of());
        }

        /** This call with one more parameter value. */
        public NamedQueryCall with(String parameter, @Nullable Object value) {
            Map<String, @Nullable Object> more = new LinkedHashMap<>(parameters);
            more.put(parameter, value);
            return new NamedQueryCall(name, more);
        }
    }

    /** How a filter compares a column with its value. */
    enum Comparison {
        EQUAL("="),
        LESS("<"),
        LESS_OR_EQUAL("<="),
        GREATER(">"),
        GREATER_OR_EQUAL(">=");

        private final String operator;

        Comparison(String operator) {
            this.operator = operator;
        }

        /** The SQL operator; a constant, never caller text. */
        public String operator() {
            return operator;
        }
    }

    /**
     * One comparison of a granted column with a value, which is bound as a parameter.
     *
     * @param column the column
     * @param comparison how it is compared
     * @param value a string, an integer, a decimal, a finite floating-point number or a boolean
     */
    record Filter(String column, Comparison comparison, Object value) {
        public Filter {
            requireNonNull(column, "column is null");
            requireNonNull(comparison, "comparison is null");
            requireNonNull(value, "value is null");
            boolean scalar = (value instanceof String text && text.length() <= 10_000)
                    || value instanceof Long
                    || value instanceof Integer
                    || value instanceof BigDecimal
                    || value instanceof Boolean
                    || (value instanceof Double number && Double.isFinite(number));
            if (!scalar) {
                throw InvalidConfigurationException.of(
                        "filters.value",
                        "must be a string (at most 10000 characters), an integer, a decimal, a finite number or a"
                                + " boolean");
            }
        }
    }
}
