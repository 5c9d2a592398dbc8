package com.carto.connections.spi;

/** The kind of value a {@link Property} holds, which decides how raw input is parsed and how a form renders it. */
public enum PropertyType {
    /** A single-line string: at most 1,024 characters unless the property says otherwise, no control characters. */
    STRING(1_024),
    /** A multi-line string such as a PEM certificate: at most 64 Ki characters, no control character but tab and line breaks. */
    TEXT(65_536),
    /** A 32-bit integer, accepted as a number or its decimal text. */
    INTEGER(0),
    /** {@code true} or {@code false}. */
    BOOLEAN(0),
    /** One of a fixed list of strings. */
    CHOICE(1_024),
    /** A duration: {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601 {@code PT30S}, or a number of seconds. */
    DURATION(0),
    /**
     * A {@link com.carto.connections.secrets.Secret}: write-only, never printed, never returned. At most 64 Ki characters
     * (a service account key or a PEM private key fits), no control character but tab and line breaks.
     */
    SECRET(65_536);

    private final int defaultMaxLength;

    PropertyType(int defaultMaxLength) {
        this.defaultMaxLength = defaultMaxLength;
    }

    /** The longest text a property of this type accepts unless it sets its own bound; 0 when the type is not text. */
    public int defaultMaxLength() {
        return defaultMaxLength;
    }
}
