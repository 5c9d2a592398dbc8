package com.carto.connections.bigquery;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * BigQuery's canonical TIME and DATETIME text always has seconds and microseconds
     * (https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types#time_type), where
     * {@link LocalTime#toString()} drops zero seconds ({@code 00:00}). Nanoseconds past the microsecond are cut, as
     * BigQuery keeps microseconds.
     */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private BigQueryParameters() {}

    /**
     * A geometry as the WKT of a GEOGRAPHY, which is 2D on the WGS 84 spheroid
     * (https://cloud.google.com/bigquery/docs/geospatial-data#coordinate_systems_and_edges): a Z or M coordinate
     * would be lost and another SRID misread as longitude and latitude, so both are refused rather than changed.
     */
    private static String geography(Geometry geometry) {
        if (geometry.srid() != Geometry.UNKNOWN_SRID && geometry.srid() != BigQueryValues.GEOGRAPHY_SRID) {
            throw new IllegalArgumentException("is a geometry in SRID " + geometry.srid()
                    + ", but a BigQuery GEOGRAPHY is in WGS 84 (SRID 4326); transform it first");
        }
        byte[] wkb = geometry.wkb();
        int type = ByteBuffer.wrap(wkb)
                .order(wkb[0] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                .getInt(1);
        // ISO WKB: 1000s say Z, 2000s M, 3000s both.
        if (type / 1000 != 0) {
            throw new IllegalArgumentException("is a geometry with Z or M coordinates, which a BigQuery GEOGRAPHY"
                    + " cannot hold; drop them first");
        }
        return geometry.toWkt();
    }

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
        if (value instanceof Double number) {
            return QueryParameterValue.float64(number);
        }
        if (value instanceof Float number) {
            // The float's own shortest digits (1.1), as a JDBC warehouse's REAL reads back, not the widened
            // 1.100000023841858; Schubfach, since JDK 17's Float.toString sometimes gives more (JDK-4511638).
            return QueryParameterValue.float64(
                    Float.isFinite(number) ? Double.parseDouble(FloatToDecimal.toString(number)) : number);
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
            return QueryParameterValue.time(TIME.format(time));
        }
        if (value instanceof LocalDateTime dateTime) {
            return QueryParameterValue.dateTime(DATE_TIME.format(dateTime));
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
            return QueryParameterValue.of(geography(geometry), StandardSQLTypeName.GEOGRAPHY);
        }
        throw new IllegalArgumentException("has a " + value.getClass().getName()
                + ", which BigQuery cannot bind; use a String, number, Boolean, byte[], java.time value or Geometry");
    }
}
