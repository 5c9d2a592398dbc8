package com.carto.connections.spring;

import com.carto.connections.ConnectionListener;
import com.carto.connections.Connections;
import com.carto.connections.Providers;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.micrometer.ConnectionsMetrics;
import com.carto.connections.secrets.KeyEncryptionService;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link Connections} bean from the {@code carto.connections.*} properties (unless the application defines one), a
 * health indicator, a shutdown that drains running queries, and {@link ConnectionsMetrics} when a Micrometer
 * {@link MeterRegistry} bean exists. The providers are those on the class path, or a {@link Providers} bean.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@EnableConfigurationProperties(CartoConnectionsProperties.class)
public final class CartoConnectionsAutoConfiguration {
    // Closed by ConnectionsShutdown once drained, not by the bean factory at once.
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Connections cartoConnections(
            CartoConnectionsProperties properties,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<KeyRing> keyRing,
            ObjectProvider<KeyEncryptionService> keyEncryption,
            ObjectProvider<Providers> providers,
            ObjectProvider<ConnectionListener> listener,
            ObjectProvider<ConnectionsMetricsHolder> metrics) {
        Connections.Builder builder = Connections.builder().maxClients(properties.maxClients());
        KeyRing keys = keys(properties, keyRing.getIfAvailable(), keyEncryption.getIfAvailable());
        switch (properties.store()) {
            case EMBEDDED -> {
                if (keys == null) {
                    builder.embedded(properties.embeddedDirectory());
                } else {
                    builder.store(ConnectionStore.embedded(properties.embeddedDirectory()))
                            .keys(keys);
                }
            }
            case POSTGRES -> {
                DataSource source = dataSource.getIfAvailable();
                if (source == null) {
                    throw invalid("carto.connections.store", "is postgres but the application has no DataSource bean");
                }
                if (keys == null) {
                    throw invalid(
                            "carto.connections.keys",
                            "is file, which only the embedded store keeps; use environment, or a KeyRing or"
                                    + " KeyEncryptionService bean");
                }
                builder.store(ConnectionStore.postgres(source)).keys(keys);
            }
        }
        providers.ifAvailable(builder::providers);
        listener.ifAvailable(builder::listener);
        ConnectionsMetricsHolder meters = metrics.getIfAvailable();
        if (meters != null) {
            builder.observer(meters.observer());
        }
        Connections connections = builder.build();
        if (meters != null) {
            meters.binder().accept(connections);
        }
        return connections;
    }

    private static @Nullable KeyRing keys(
            CartoConnectionsProperties properties, @Nullable KeyRing ring, @Nullable KeyEncryptionService service) {
        if (ring != null) {
            return ring;
        }
        if (service != null) {
            return KeyRing.wrapped(service, properties.wrappedKeysFile());
        }
        return properties.keys() == CartoConnectionsProperties.KeySource.ENVIRONMENT ? KeyRing.fromEnvironment() : null;
    }

    private static ConnectionException invalid(String property, String problem) {
        return new ConnectionException(ErrorCategory.INVALID_CONFIGURATION, property + " " + problem);
    }

    @Bean
    ConnectionsShutdown cartoConnectionsShutdown(Connections connections, CartoConnectionsProperties properties) {
        return new ConnectionsShutdown(connections, properties.drainTimeout());
    }

    /** The health indicator, when Spring Boot's health support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static final class Health {
        @Bean
        @ConditionalOnMissingBean(name = "cartoConnectionsHealthIndicator")
        HealthIndicator cartoConnectionsHealthIndicator(Connections connections) {
            return new ConnectionsHealthIndicator(connections);
        }
    }

    /**
     * Meters, when Micrometer and the metrics module are on the class path and a registry exists. The registry is
     * looked up when the {@code Connections} bean is made, after every bean is defined, rather than by a condition
     * on bean definitions, whose outcome would depend on the order in which auto-configurations are read.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, ConnectionsMetrics.class})
    static final class Metrics {
        // Without a registry the bean is null, which Spring keeps as "no bean" for ObjectProvider.getIfAvailable.
        @Bean
        @Nullable
        ConnectionsMetricsHolder cartoConnectionsMetrics(
                ObjectProvider<MeterRegistry> registry, CartoConnectionsProperties properties) {
            MeterRegistry found = registry.getIfAvailable();
            if (found == null) {
                return null;
            }
            ConnectionsMetrics meters = ConnectionsMetrics.of(
                    found, properties.metricsConnectionTag(), properties.metricsMaxConnectionTags());
            return new ConnectionsMetricsHolder(meters, meters::bindTo);
        }
    }
}
