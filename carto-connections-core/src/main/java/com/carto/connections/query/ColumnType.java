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
    /** {@link java.math.BigDecimal}, exact. */
    DECIMAL,
    /** {@link Double}. */
    FLOAT,
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@link java.time.LocalTime}. */
    TIME,
    /** {@link java.time.LocalDateTime}, no zone. */
    TIMESTAMP,
    /** {@link java.time.OffsetDateTime} in UTC. */
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
