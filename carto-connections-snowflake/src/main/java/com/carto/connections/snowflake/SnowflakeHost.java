package com.carto.connections.snowflake;

import static java.util.Objects.requireNonNull;

import com.carto.connections.spi.jdbc.ServerAddress;
import java.net.URI;

/**
 * Where the provider sends logins and queries, chosen by the host application when it builds the provider, never by
 * a connection's settings: the account's host under {@code domain} on port 443 over TLS (Snowflake's public
 * endpoints by default), or one fixed server for every account (a test's protocol fake on loopback, without TLS).
 *
 * @param domain the domain every account's host is under, e.g. {@code snowflakecomputing.com}; empty for a fixed host
 * @param fixedHost the one host every account goes to, or empty
 * @param port the server's port
 * @param tls whether to speak HTTPS (the driver's {@code ssl=on})
 */
record SnowflakeHost(String domain, String fixedHost, int port, boolean tls) {
    static final SnowflakeHost PUBLIC = new SnowflakeHost("snowflakecomputing.com", "", 443, true);

    SnowflakeHost {
        requireNonNull(domain, "domain is null");
        requireNonNull(fixedHost, "fixedHost is null");
        if (domain.isEmpty() == fixedHost.isEmpty()) {
            throw new IllegalArgumentException("exactly one of domain and fixedHost must be given");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535 but was " + port);
        }
    }

    /** Every account on one server, e.g. a protocol fake: {@code fixed("127.0.0.1", port, false)}. */
    static SnowflakeHost fixed(String host, int port, boolean tls) {
        return new SnowflakeHost("", host, port, tls);
    }

    /**
     * The account's Snowflake OAuth token endpoint, on the account's own host
     * (https://docs.snowflake.com/en/user-guide/oauth-custom): refresh tokens go nowhere else.
     */
    URI tokenEndpoint(String account) {
        return URI.create((tls ? "https" : "http") + "://" + address(account).authority() + "/oauth/token-request");
    }

    /** The server of {@code account}, which {@link SnowflakeAccounts#problem} has accepted. */
    ServerAddress address(String account) {
        return new ServerAddress(
                fixedHost.isEmpty() ? SnowflakeAccounts.hostLabel(account) + "." + domain : fixedHost, port);
    }
}
