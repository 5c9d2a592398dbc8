package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The host and port a JDBC driver connects to: the first check stages resolve and connect to it, and URLs are built
 * from it.
 *
 * @param host a host name or an IP address; an IPv6 address is given bare, e.g. {@code ::1}. Anything else (a
 *     {@code /}, {@code ?}, {@code #}, {@code @} or stray {@code :} that would reshape the URL built around it) is
 *     refused with {@link InvalidConfigurationException} naming {@code host}
 * @param port 1–65535
 */
public record ServerAddress(String host, int port) {
    public ServerAddress {
        requireNonNull(host, "host is null");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        HostNames.problem(host).ifPresent(problem -> {
            throw InvalidConfigurationException.of("host", problem);
        });
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535 but was " + port);
        }
    }

    /** {@code host:port}, an IPv6 address in brackets as URLs need it: {@code [::1]:5432}. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * A URL of the common {@code prefix//host:port/database} shape, the database name encoded so that any name stays
     * one path segment: {@code url("jdbc:postgresql:", "my db")} is {@code jdbc:postgresql://db:5432/my+db}.
     */
    public String url(String prefix, String database) {
        return prefix + "//" + authority() + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }
}
