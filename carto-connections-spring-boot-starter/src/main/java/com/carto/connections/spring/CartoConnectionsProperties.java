package com.carto.connections.spring;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carto.connections.*} properties.
 *
 * @param store where connections are kept: {@code embedded} H2 files in {@code embeddedDirectory}, or {@code postgres}
 *     in the application's {@code DataSource}
 * @param embeddedDirectory the embedded store's directory
 * @param keys where the secrets' keys come from when no {@code KeyRing} or {@code KeyEncryptionService} bean is given:
 *     {@code file} (the embedded store's key file; embedded store only) or {@code environment}
 *     ({@code CARTO_CONNECTIONS_KEYS})
 * @param wrappedKeysFile the file of data keys wrapped by a {@code KeyEncryptionService} bean
 * @param maxClients the most warehouse clients (pools) kept open
 * @param drainTimeout how long shutdown waits for running queries and open results before closing them
 * @param metricsConnectionTag whether meters carry the connection id as a tag
 * @param metricsMaxConnectionTags the most connection ids used as tag values; later ones share {@code other}
 */
@ConfigurationProperties("carto.connections")
public record CartoConnectionsProperties(
        @DefaultValue("embedded") StoreType store,
        @DefaultValue("data/connections") Path embeddedDirectory,
        @DefaultValue("file") KeySource keys,
        @DefaultValue("data/connections-keys.wrapped") Path wrappedKeysFile,
        @DefaultValue("200") int maxClients,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("true") boolean metricsConnectionTag,
        @DefaultValue("1000") int metricsMaxConnectionTags) {

    public CartoConnectionsProperties {
        requireNonNull(store, "store is null");
        requireNonNull(embeddedDirectory, "embeddedDirectory is null");
        requireNonNull(keys, "keys is null");
        requireNonNull(wrappedKeysFile, "wrappedKeysFile is null");
        requireNonNull(drainTimeout, "drainTimeout is null");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "carto.connections.drain-timeout must not be negative but was " + drainTimeout);
        }
    }

    /** Where connections are kept. */
    public enum StoreType {
        EMBEDDED,
        POSTGRES
    }

    /** Where the keys come from when no key bean is given. */
    public enum KeySource {
        FILE,
        ENVIRONMENT
    }
}
