package com.carto.connections.query;

/**
 * The normalized type of a result or catalog column, the same for every warehouse. The Java class of a value
 * read from a {@link QueryResult} follows from it.
 */
public enum ColumnType {
    /** {@link String}. */
    STRING,
    /** {@link Long}. */
    INTEGER,
    /**
     * {@link java.math.BigDecimal}, exact; a {@link Double} NaN or infinity for PostgreSQL's numeric {@code NaN},
     * {@code Infinity} and {@code -Infinity}, which {@code BigDecimal} cannot hold.
     */
    DECIMAL,
    /** {@link Double}. */
    FLOAT,
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link java.time.LocalDate}; {@code LocalDate.MAX} and {@code MIN} for PostgreSQL's ±infinity. */
    DATE,
    /** {@link java.time.LocalTime}; {@code LocalTime.MAX} for PostgreSQL's {@code 24:00}. */
    TIME,
    /** {@link java.time.LocalDateTime}, no zone; {@code LocalDateTime.MAX} and {@code MIN} for ±infinity. */
    TIMESTAMP,
    /** {@link java.time.OffsetDateTime} in UTC; {@code LocalDateTime.MAX} and {@code MIN} at UTC for ±infinity. */
    TIMESTAMP_WITH_TIME_ZONE,
    /** {@code byte[]}. */
    BYTES,
    /** {@link String} holding a JSON document. */
    JSON,
    /** {@link java.util.List} of normalized values. */
    ARRAY,
    /** {@link java.util.Map} from field name to normalized value. */
    STRUCT,
    /** {@link Geometry}: WKB + SRID. */
    GEOMETRY
}
