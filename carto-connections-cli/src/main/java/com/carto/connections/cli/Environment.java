package com.carto.connections.cli;

/** The environment variables the CLI reads, for the ENVIRONMENT section of every help page. */
final class Environment {
    private Environment() {}

    static String section() {
        return """

                ENVIRONMENT
                  CARTO_CONNECTIONS_KEYS            The key ring, id1:base64key[,id2:base64key...], the primary
                                                    (encrypting) key first, each 32 bytes (openssl rand -base64 32).
                                                    Required with a PostgreSQL store; with an embedded store it
                                                    replaces the key file connections.keys beside the database.
                  CARTO_CONNECTIONS_STORE           Default for --store.
                  CARTO_CONNECTIONS_STORE_USER      Default for --store-user.
                  CARTO_CONNECTIONS_STORE_PASSWORD  The PostgreSQL store's password (never in the URL).
                  CARTO_CONNECTIONS_USER, CARTO_CONNECTIONS_ORG, CARTO_CONNECTIONS_ROLE
                                                    Defaults for --user, --org and --role.
                  Secrets to import are read from the variables or files the import file names
                  ("env:VARIABLE", "file:PATH").
                """;
    }
}
