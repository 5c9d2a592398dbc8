package com.carto.connections;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A SQL statement in the warehouse's own dialect, with positional {@code ?} parameters and limits.
 * The SDK does not rewrite or build SQL for you; parameters are always bound, never spliced into the text.
 *
 * <p>Immutable: every {@code with}-style method returns a new query, so one can be shared between threads.
 *
 * <pre>{@code
 * Query.sql("select * from parcels where zone = ? and area > ?").param("R1").param(500)
 *      .timeout(Duration.ofSeconds(30)).maxRows(10_000)
 * }</pre>
 */
public final class Query {
    private final String sql;
    private final List<Object> parameters;
    private final Duration timeout;
    private final long maxRows;
    private final long maxBytes;

    private Query(String sql, List<Object> parameters, Duration timeout, long maxRows, long maxBytes) {
        this.sql = sql;
        this.parameters = parameters;
        this.timeout = timeout;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    public static Query sql(String sql) {
        requireNonNull(sql, "sql is null");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("sql is blank");
        }
        return new Query(sql, List.of(), null, 0, 0);
    }

    /** Binds the next positional parameter. {@code null} binds SQL NULL. */
    public Query param(Object value) {
        List<Object> copy = new ArrayList<>(parameters.size() + 1);
        copy.addAll(parameters);
        copy.add(value);
        return new Query(sql, Collections.unmodifiableList(copy), timeout, maxRows, maxBytes);
    }

    /** Binds several positional parameters in order. */
    public Query params(Object... values) {
        Query query = this;
        for (Object value : values) {
            query = query.param(value);
        }
        return query;
    }

    /** Cancels the statement on the warehouse once this much time has passed. */
    public Query timeout(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        return new Query(sql, parameters, timeout, maxRows, maxBytes);
    }

    /** Fails with {@link ErrorCategory#LIMIT_EXCEEDED} rather than read more rows than this. */
    public Query maxRows(long maxRows) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive but was " + maxRows);
        }
        return new Query(sql, parameters, timeout, maxRows, maxBytes);
    }

    /** Fails with {@link ErrorCategory#LIMIT_EXCEEDED} rather than read more than this many bytes of values. */
    public Query maxBytes(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive but was " + maxBytes);
        }
        return new Query(sql, parameters, timeout, maxRows, maxBytes);
    }

    /** The same parameters and limits with other SQL, e.g. the query wrapped by a dialect. */
    public Query withSql(String otherSql) {
        requireNonNull(otherSql, "otherSql is null");
        if (otherSql.isBlank()) {
            throw new IllegalArgumentException("sql is blank");
        }
        return new Query(otherSql, parameters, timeout, maxRows, maxBytes);
    }

    public String sql() {
        return sql;
    }

    /** The positional parameters; the list may hold nulls. */
    public List<Object> parameters() {
        return parameters;
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
        return "Query[sql=" + sql + ", parameters=" + parameters.size() + "]";
    }
}
