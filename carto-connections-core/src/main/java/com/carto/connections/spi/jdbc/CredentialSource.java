package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.secrets.Secret;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Where the credentials of a JDBC connection come from. The base asks its source each time a physical connection
 * opens (for the pool or for a check), on that connection's thread, and hands what it adds straight to
 * {@link java.sql.Driver#connect}: so a source can reveal a {@link Secret} only then, hand over a freshly refreshed
 * OAuth access token, or a {@link java.security.PrivateKey} object (Snowflake key pairs), and a provider never cares
 * where a credential came from.
 *
 * <p>Implementations are thread-safe: the pool may open several connections at once. A source that cannot supply
 * credentials throws a {@link ConnectionException} with the category that says why ({@code AUTHENTICATION} for a
 * refused refresh token, {@code UNAVAILABLE} for an unreachable token endpoint); the connection attempt then fails with
 * it. The properties a source adds hold revealed secrets: it must never log or print them.
 */
@FunctionalInterface
public interface CredentialSource {
    /** Adds the credentials of the physical connection about to open to its driver properties. */
    void addCredentials(Properties driverProperties);

    /** No credentials: the driver properties and the URL say everything. */
    static CredentialSource none() {
        return driverProperties -> {};
    }

    /** One secret, revealed into {@code driverProperty} (e.g. {@code password}) each time a connection opens. */
    static CredentialSource secret(String driverProperty, Secret secret) {
        return secrets(Map.of(driverProperty, secret));
    }

    /** Several secrets by driver property, e.g. an AWS secret access key and session token; each revealed per connection. */
    static CredentialSource secrets(Map<String, Secret> secretsByDriverProperty) {
        Map<String, Secret> secrets = Map.copyOf(secretsByDriverProperty);
        return driverProperties -> secrets.forEach((key, secret) -> driverProperties.setProperty(key, secret.reveal()));
    }

    /**
     * A value asked for each time a connection opens and put as it is under {@code driverProperty}: a fresh access token
     * from a token refresher, or a {@link java.security.PrivateKey} for a driver that takes the key object itself.
     */
    static CredentialSource of(String driverProperty, Supplier<?> value) {
        requireNonNull(driverProperty, "driverProperty is null");
        requireNonNull(value, "value is null");
        return driverProperties ->
                driverProperties.put(driverProperty, requireNonNull(value.get(), driverProperty + " is null"));
    }

    /** This source's credentials, then {@code other}'s. */
    default CredentialSource and(CredentialSource other) {
        requireNonNull(other, "other is null");
        return driverProperties -> {
            addCredentials(driverProperties);
            other.addCredentials(driverProperties);
        };
    }
}
