package com.carto.connections.grants;

import com.carto.connections.error.InvalidConfigurationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The type of a named query's parameter, and of a filter's value: what a caller sends (a JSON string, number or
 * boolean, as a host's HTTP layer parses it) becomes a value of exactly this type before it is bound, or the call
 * fails naming the field. Values are always bound, never written into the SQL.
 */
public enum ParameterType {
    STRING,
    INTEGER,
    DECIMAL,
    FLOAT,
    BOOLEAN,
    /** An ISO date, {@code 2026-12-01}. */
    DATE,
    /** An ISO instant or offset date-time, {@code 2026-12-01T12:00:00Z}. */
    TIMESTAMP;

    private static final int MAX_STRING_LENGTH = 10_000;

    /**
     * The value as this type's Java value ({@code String}, {@code Long}, {@code BigDecimal}, {@code Double},
     * {@code Boolean}, {@code LocalDate}, {@code Instant}).
     *
     * @throws InvalidConfigurationException naming {@code field} when the value is null or not of this type
     */
    public Object coerce(String field, @Nullable Object value) {
        if (value == null) {
            throw InvalidConfigurationException.of(field, "is required and must be " + describe());
        }
        try {
            return switch (this) {
                case STRING -> {
                    if (!(value instanceof String text) || text.length() > MAX_STRING_LENGTH) {
                        throw wrongType(field);
                    }
                    yield text;
                }
                case INTEGER -> {
                    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                        yield ((Number) value).longValue();
                    }
                    if (value instanceof String text && text.matches("-?[0-9]{1,18}")) {
                        yield Long.parseLong(text);
                    }
                    throw wrongType(field);
                }
                case DECIMAL -> {
                    if (value instanceof BigDecimal decimal) {
                        yield decimal;
                    }
                    if ((value instanceof Long || value instanceof Integer)) {
                        yield BigDecimal.valueOf(((Number) value).longValue());
                    }
                    if (value instanceof String text && text.matches("-?[0-9]{1,30}(\\.[0-9]{1,30})?")) {
                        yield new BigDecimal(text);
                    }
                    throw wrongType(field);
                }
                case FLOAT -> {
                    if (value instanceof Double
                            || value instanceof Float
                            || value instanceof Long
                            || value instanceof Integer
                            || value instanceof BigDecimal) {
                        double number = ((Number) value).doubleValue();
                        if (Double.isFinite(number)) {
                            yield number;
                        }
                    }
                    throw wrongType(field);
                }
                case BOOLEAN -> {
                    if (value instanceof Boolean bool) {
                        yield bool;
                    }
                    throw wrongType(field);
                }
                case DATE -> {
                    if (value instanceof LocalDate date) {
                        yield date;
                    }
                    if (value instanceof String text && text.length() <= 10) {
                        yield LocalDate.parse(text);
                    }
                    throw wrongType(field);
                }
                case TIMESTAMP -> {
                    if (value instanceof Instant instant) {
                        yield instant;
                    }
                    if (value instanceof String text && text.length() <= 40) {
                        yield OffsetDateTime.parse(text).toInstant();
                    }
                    throw wrongType(field);
                }
            };
        } catch (DateTimeParseException e) {
            throw wrongType(field);
        }
    }

    private InvalidConfigurationException wrongType(String field) {
        // The value is the caller's own and may be anything: it is not echoed.
        return InvalidConfigurationException.of(field, "must be " + describe());
    }

    private String describe() {
        return switch (this) {
            case STRING -> "a string of at most " + MAX_STRING_LENGTH + " characters";
            case INTEGER -> "an integer";
            case DECIMAL -> "a decimal number";
            case FLOAT -> "a finite number";
            case BOOLEAN -> "true or false";
            case DATE -> "an ISO date (2026-12-01)";
            case TIMESTAMP -> "an ISO date-time with an offset (2026-12-01T12:00:00Z)";
        };
    }
}
