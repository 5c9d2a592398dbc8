package com.carto.connections.examples.spring;

/**
 * The body of {@code POST /connections}. The SDK validates every field and names the one that is wrong.
 *
 * @param sslMode {@code require} unless given: a local PostgreSQL without TLS needs {@code disable}
 */
record PostgresConnectionRequest(
        String name, String host, int port, String database, String username, String password, String sslMode) {
    PostgresConnectionRequest {
        if (sslMode == null) {
            sslMode = "require";
        }
    }

    @Override
    public String toString() {
        // The password never reaches a log line through this record.
        return "PostgresConnectionRequest[name=" + name + ", host=" + host + ", port=" + port + ", database=" + database
                + ", username=" + username + ", sslMode=" + sslMode + "]";
    }
}
