package com.carto.connections.spi;

/** Where a property sits in a creation form, most used first. */
public enum PropertyGroup {
    /** Where the warehouse is: host, port, database, account, project. */
    CONNECTION,
    /** Who connects: user names, passwords, keys, tokens. */
    AUTHENTICATION,
    /** Transport security: TLS mode and certificates. */
    SECURITY,
    /** Settings with good defaults that few users change. */
    ADVANCED
}
