package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A SQL statement in the warehouse's own dialect, with positional {@code ?} or named {@code :name} parameters and
 * limits. The SDK does not build SQL for you; parameters are always bound, never spliced into the text.
 *
 * <p>Immutable: every {@code with}-style method returns a new query, so one can be shared between threads.
 *
 * <pre>{@code
 * Query.sql("select * from parcels where zone = ? and area > ?").param("R1").param(500)
 *      .timeout(Duration.ofSeconds(30)).maxRows(10_000)
 * Query.sql("select * from parcels where zone = :zone and :zone <> 'x:y'").param("zone", "R1")
 * }</pre>
 *
 * <p>Named references become bound parameters ({@link #resolve(LexicalRules)}), found by the warehouse's own
 * lexical rules: a {@code :name} inside a string literal, a quoted identifier, a comment or a dollar quote of that
 * dialect stays text, {@code ::} casts stay casts, and a colon right after a letter, digit or underscore (an array
 * slice {@code a[lo:hi]}) is not a reference. On BigQuery, its own {@code @name} references bind by name too. One
 * query binds either positional or named parameters, not both.
 *
 * <p>Every provider binds values of these Java types, each as the warehouse's matching type (the README's parameter
 * table lists them per provider): {@code String}; {@code Long}, {@code Integer}, {@code Short}, {@code Byte};
 * {@code Double}, {@code Float}; {@code BigDecimal}; {@code Boolean}; {@code byte[]}; {@code LocalDate},
 * {@code LocalTime}, {@code LocalDateTime}; {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime} (a timestamp
 * with time zone); {@link Geometry}; and {@code null}, an untyped NULL. A value the warehouse cannot hold, or of a
 * class its provider cannot send, fails with {@link ErrorCategory#INVALID_CONFIGURATION} naming the parameter.
 */
public final class Query {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String sql;
    private final List<@Nullable Object> parameters;
    private final Map<String, @Nullable Object> named;
    private final @Nullable Duration timeout;
    private final long maxRows;
    private final long maxBytes;

    private Query(
            String sql,
            List<@Nullable Object> parameters,
            Map<String, @Nullable Object> named,
            @Nullable Duration timeout,
            long maxRows,
            long maxBytes) {
        this.sql = sql;
        this.parameters = parameters;
        this.named = named;
        this.timeout = timeout;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    public static Query sql(String sql) {
        requireNonNull(sql, "sql is null");
        if (sql.isBlank()) {
            throw InvalidConfigurationException.of("sql", "must not be blank");
        }
        return new Query(sql, List.of(), Map.of(), null, 0, 0);
    }

    /** Binds the next positional parameter. {@code null} binds SQL NULL. */
    public Query param(@Nullable Object value) {
        if (!named.isEmpty()) {
            throw InvalidConfigurationException.of(
                    "parameters", "this query binds named parameters; bind every value by name");
        }
        List<@Nullable Object> copy = new ArrayList<>(parameters.size() + 1);
        copy.addAll(parameters);
        copy.add(value);
        return new Query(sql, Collections.unmodifiableList(copy), named, timeout, maxRows, maxBytes);
    }

    /**
     * Binds the value of every {@code :name} reference in the SQL. {@code null} binds SQL NULL.
     *
     * @throws InvalidConfigurationException when the name is not an identifier ({@code [A-Za-z_][A-Za-z0-9_]*}), is already
     *     bound, or the query already binds positional parameters
     */
    public Query param(String name, @Nullable Object value) {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw InvalidConfigurationException.of("parameters", "a parameter name must match " + NAME);
        }
        if (named.containsKey(name)) {
            throw InvalidConfigurationException.of("parameters", "parameter " + name + " is already bound");
        }
        if (!parameters.isEmpty()) {
            throw InvalidConfigurationException.of(
                    "parameters", "this query binds positional parameters; bind every value with param(value)");
        }
        Map<String, @Nullable Object> copy = new LinkedHashMap<>(named);
        copy.put(name, value);
        return new Query(sql, parameters, Collections.unmodifiableMap(copy), timeout, maxRows, maxBytes);
    }

    /** Binds several positional parameters in order. */
    public Query params(@Nullable Object... values) {
        Query query = this;
        for (@Nullable Object value : values) {
            query = query.param(value);
        }
        return query;
    }

    /** Cancels the statement on the warehouse once this much time has passed. */
    public Query timeout(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw InvalidConfigurationException.of("timeout", "must be positive but was " + timeout);
        }
        return new Query(sql, parameters, named, timeout, maxRows, maxBytes);
    }

    /** Fails with {@link ErrorCategory#LIMIT_EXCEEDED} rather than read more rows than this. */
    public Query maxRows(long maxRows) {
        if (maxRows <= 0) {
            throw InvalidConfigurationException.of("maxRows", "must be positive but was " + maxRows);
        }
        return new Query(sql, parameters, named, timeout, maxRows, maxBytes);
    }

    /** Fails with {@link ErrorCategory#LIMIT_EXCEEDED} rather than read more than this many bytes of values. */
    public Query maxBytes(long maxBytes) {
        if (maxBytes <= 0) {
            throw InvalidConfigurationException.of("maxBytes", "must be positive but was " + maxBytes);
        }
        return new Query(sql, parameters, named, timeout, maxRows, maxBytes);
    }

    /** The same parameters and limits with other SQL, e.g. the query wrapped by a dialect. */
    public Query withSql(String otherSql) {
        requireNonNull(otherSql, "otherSql is null");
        if (otherSql.isBlank()) {
            throw InvalidConfigurationException.of("sql", "must not be blank");
        }
        return new Query(otherSql, parameters, named, timeout, maxRows, maxBytes);
    }

    public String sql() {
        return sql;
    }

    /** The positional parameters; the list may hold nulls. Empty when the query binds named parameters. */
    public List<@Nullable Object> parameters() {
        return parameters;
    }

    /** The named parameters in the order they were bound; the map may hold null values. */
    public Map<String, @Nullable Object> namedParameters() {
        return named;
    }

    /**
     * The parameter names this query's SQL references ({@code :name}, and {@code @name} where the rules have the
     * warehouse's own named parameters), in order of first reference, found by the same scan as
     * {@link #resolve(LexicalRules)}: never inside literals, quoted identifiers or comments, never a {@code ::} cast.
     * Whatever is bound; for checking SQL kept for later, such as a grant's named query.
     */
    public Set<String> parameterReferences(LexicalRules rules) {
        requireNonNull(rules, "rules is null");
        return NamedParameters.references(sql, rules);
    }

    /**
     * This query as a warehouse with these lexical rules runs it: named references replaced by {@code ?} and their
     * values as positional parameters, or, where the rules have the warehouse's own {@code @name} parameters, written
     * as {@code @name} and kept by name; the query itself when it binds none. What a provider runs.
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} naming the parameter when a reference
     *     is not bound, a bound name is never referenced, or the SQL also holds a positional {@code ?}
     */
    public Query resolve(LexicalRules rules) {
        requireNonNull(rules, "rules is null");
        if (named.isEmpty()) {
            return this;
        }
        NamedParameters.Translation translation = NamedParameters.translate(sql, rules, named);
        return new Query(translation.sql(), translation.parameters(), translation.named(), timeout, maxRows, maxBytes);
    }

    /**
     * This query with each positional {@code ?} mark, found by these lexical rules, written as {@code placeholder}
     * gives it for the mark's value, e.g. {@code ST_GeomFromEWKB(?)} for a geometry: how a JDBC provider tells its
     * warehouse the type of a value its driver cannot. A placeholder holds exactly one {@code ?}; {@code ??} is not a
     * mark. The query itself when every placeholder is a bare {@code ?}. Named parameters are resolved first
     * ({@link #resolve(LexicalRules)}).
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} when the SQL holds another number of
     *     marks than the query binds values
     * @throws IllegalStateException when the query still binds named parameters
     */
    public Query withPlaceholders(LexicalRules rules, Function<@Nullable Object, String> placeholder) {
        requireNonNull(rules, "rules is null");
        requireNonNull(placeholder, "placeholder is null");
        if (!named.isEmpty()) {
            throw new IllegalStateException("resolve the named parameters first");
        }
        if (parameters.stream().allMatch(value -> placeholder.apply(value).equals("?"))) {
            return this;
        }
        return new Query(
                NamedParameters.placeholders(sql, rules, parameters, placeholder),
                parameters,
                named,
                timeout,
                maxRows,
                maxBytes);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public OptionalLong maxRows() {
        return maxRows == 0 ? OptionalLong.empty() : OptionalLong.of(maxRows);
    }

    public OptionalLong maxBytes() {
        return maxBytes == 0 ? OptionalLong.empty() : OptionalLong.of(maxBytes);
    }

    @Override
    public String toString() {
        // Parameters are left out: they are user data and may be sensitive.
        return "Query[sql=" + sql + ", parameters=" + (parameters.size() + named.size()) + "]";
    }
}
