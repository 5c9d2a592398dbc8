package com.carto.connections.check;

/** The stages of a live connection check, in the order they run. A stage runs only if the ones before passed. */
public enum CheckStage {
    /** The host name resolves to an address. */
    RESOLVE_HOST,
    /** A TCP (and, where configured, TLS) connection opens. */
    CONNECT,
    /** The warehouse accepts the credentials. */
    AUTHENTICATE,
    /** The database, project or warehouse named in the settings exists and can be used. */
    REACH_DATABASE,
    /** Metadata (schemas, datasets) can be read. */
    READ_METADATA,
    /** A table can be created and dropped in the temp location; runs only when asked for. */
    WRITE_TEMP_TABLE,
    /** The warehouse has spatial types (PostGIS, GEOGRAPHY, SDO_GEOMETRY). */
    SPATIAL_SUPPORT
}
