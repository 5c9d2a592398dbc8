package com.carto.connections.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the connections are stored: {@code --store}, or {@code CARTO_CONNECTIONS_STORE}. */
final class StoreOptions {
    @Option(
            names = "--store",
            paramLabel = "DIR|URL",
            description = {
                "The store: a directory for the embedded store (created on first use, its key file"
                        + " connections.keys beside the database unless CARTO_CONNECTIONS_KEYS is set), or a"
                        + " PostgreSQL store as jdbc:postgresql://host:port/database (login from"
                        + " --store-user and CARTO_CONNECTIONS_STORE_PASSWORD, never in the URL).",
                "Default: CARTO_CONNECTIONS_STORE."
            })
    @Nullable
    String store;

    @Option(
            names = "--store-user",
            paramLabel = "USER",
            description = "The PostgreSQL store's login user. Default: CARTO_CONNECTIONS_STORE_USER.")
    @Nullable
    String storeUser;
}
