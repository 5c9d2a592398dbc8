package com.carto.connections.spi;

/** The kind of value a {@link Property} holds, which decides how raw input is parsed and how a form renders it. */
public enum PropertyType {
    /** A single-line string. */
    STRING,
    /** A multi-line string such as a PEM certificate. */
    TEXT,
    /** A 32-bit integer, accepted as a number or its decimal text. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** One of a fixed list of strings. */
    CHOICE,
    /** A duration: {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601 {@code PT30S}, or a number of seconds. */
    DURATION,
    /** A {@link com.carto.connections.secrets.Secret}: write-only, never printed, never returned. */
    SECRET
}
