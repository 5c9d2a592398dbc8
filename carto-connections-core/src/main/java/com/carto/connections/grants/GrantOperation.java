package com.carto.connections.grants;

/** What a token may be used for. */
public enum GrantOperation {
    /** Rows of a granted source, through {@link com.carto.connections.Connections#query(TokenCall)}. */
    QUERY,
    /** Vector tiles of a granted source, once the facade serves tiles; granting it today grants nothing usable. */
    TILES
}
