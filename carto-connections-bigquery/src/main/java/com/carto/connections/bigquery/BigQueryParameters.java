package com.carto.connections.bigquery;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Java values to BigQuery query parameters, bound positionally to the SQL's {@code ?} marks, or by name to its
 * {@code @name} references; a query's {@code :name} references arrive here already written as {@code @name}
 * ({@link Query#resolve}). A {@code null} binds a NULL STRING, which BigQuery coerces where a STRING is accepted; cast
 * it in the SQL for other types.
 */
final class BigQueryParameters {
    /** NUMERIC holds 38 digits with 9 after the point; beyond that a value needs BIGNUMERIC. */
    private static final int NUMERIC_PRECISION = 38;

    private static final int NUMERIC_SCALE = 9;

    private BigQueryParameters() {}

    /** Sets the query's parameters on the job: by name when it binds names, else by position. */
    static void bind(QueryJobConfiguration.Builder configuration, Query query) {
        if (query.namedParameters().isEmpty()) {
            configuration.setPositionalParameters(positional(query.parameters()));
        } else {
            configuration.setNamedParameters(named(query.namedParameters()));
        }
    }

    private static Map<String, QueryParameterValue> named(Map<String, @Nullable Object> values) {
        Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        values.forEach((name, value) -> {
            try {
                parameters.put(name, of(value));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(
                        "parameter " + name,
                        Objects.requireNonNullElse(e.getMessage(), "cannot be bound to a BigQuery parameter")));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return parameters;
    }

    private static List<QueryParameterValue> positional(List<Object> values) {
        List<QueryParameterValue> parameters = new ArrayList<>(values.size());
        List<Problem> problems = new ArrayList<>();
        for (int index = 0; index < values.size(); index++) {
            try {
                parameters.add(of(values.get(index)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(
                        "parameter " + (index + 1),
                        Objects.requireNonNullElse(e.getMessage(), "cannot be bound to a BigQuery parameter")));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return parameters;
    }

    static QueryParameterValue of(@Nullable Object value) {
        if (value == null) {
            return QueryParameterValue.of(null, StandardSQLTypeName.STRING);
        }
        if (value instanceof String text) {
            return QueryParameterValue.string(text);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return QueryParameterValue.int64(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return QueryParameterValue.float64(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal decimal) {
            boolean fitsNumeric = decimal.scale() <= NUMERIC_SCALE
                    && decimal.precision() - decimal.scale() <= NUMERIC_PRECISION - NUMERIC_SCALE;
            return fitsNumeric ? QueryParameterValue.numeric(decimal) : QueryParameterValue.bigNumeric(decimal);
        }
        if (value instanceof Boolean bool) {
            return QueryParameterValue.bool(bool);
        }
        if (value instanceof byte[] bytes) {
            return QueryParameterValue.bytes(bytes);
        }
        if (value instanceof LocalDate date) {
            return QueryParameterValue.date(date.toString());
        }
        if (value instanceof LocalTime time) {
            return QueryParameterValue.time(time.toString());
        }
        if (value instanceof LocalDateTime dateTime) {
            return QueryParameterValue.dateTime(dateTime.toString().replace('T', ' '));
        }
        if (value instanceof Instant instant) {
            return QueryParameterValue.timestamp(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
        }
        if (value instanceof OffsetDateTime offset) {
            return of(offset.toInstant());
        }
        if (value instanceof ZonedDateTime zoned) {
            return of(zoned.toInstant());
        }
        if (value instanceof Geometry geometry) {
            return QueryParameterValue.of(geometry.toWkt(), StandardSQLTypeName.GEOGRAPHY);
        }
        throw new IllegalArgumentException("has a " + value.getClass().getName()
                + ", which BigQuery cannot bind; use a String, number, Boolean, byte[], java.time value or Geometry");
    }
}
