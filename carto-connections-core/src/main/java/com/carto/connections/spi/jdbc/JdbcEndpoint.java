package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.check.CheckStage;
import com.carto.connections.secrets.Secret;
import java.sql.Driver;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where and how a JDBC provider connects: the driver, the URL (which must hold no secret), driver properties, the
 * secret driver properties (revealed only when a physical connection opens), the network address for the first
 * check stages, and which of the user's properties to suspect when each stage fails.
 *
 * @param driver the vendor driver instance; used directly, never through {@code DriverManager}
 * @param url the JDBC URL, without credentials
 * @param properties non-secret driver properties
 * @param secretProperties driver properties holding secrets, e.g. {@code password}
 * @param host the host name to resolve and connect to in the first check stages, when the URL has one
 * @param port its port
 * @param suspects for each check stage, the user-facing property names most likely wrong when it fails
 */
public record JdbcEndpoint(
        Driver driver,
        String url,
        Map<String, String> properties,
        Map<String, Secret> secretProperties,
        Optional<String> host,
        int port,
        Map<CheckStage, Set<String>> suspects) {

    public JdbcEndpoint {
        requireNonNull(driver, "driver is null");
        requireNonNull(url, "url is null");
        properties = Map.copyOf(properties);
        secretProperties = Map.copyOf(secretProperties);
        requireNonNull(host, "host is null");
        suspects = Map.copyOf(suspects);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
        }
        for (String key : secretProperties.keySet()) {
            if (properties.containsKey(key)) {
                throw new IllegalArgumentException(key + " is both a plain and a secret driver property");
            }
        }
    }

    /** The properties to hand to {@link Driver#connect}: this is where secrets are revealed. */
    Properties driverProperties() {
        Properties driverProperties = new Properties();
        driverProperties.putAll(properties);
        secretProperties.forEach((key, secret) -> driverProperties.setProperty(key, secret.reveal()));
        return driverProperties;
    }

    Set<String> suspectsFor(CheckStage stage) {
        return suspects.getOrDefault(stage, Set.of());
    }

    /** A copy with more non-secret driver properties, e.g. timeouts for a check. */
    JdbcEndpoint withProperties(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(properties);
        merged.putAll(more);
        return new JdbcEndpoint(driver, url, merged, secretProperties, host, port, suspects);
    }
}
