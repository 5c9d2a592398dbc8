package com.carto.connections.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.query.PageRequest;
import com.carto.connections.store.ConnectionFilter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter on a class path without Micrometer or carto-connections-micrometer (both optional), as an application
 * that does not use metrics has it. Surefire runs this class alone in the {@code without-micrometer} execution, whose
 * class path leaves those jars out; elsewhere they are present and it does not run.
 */
@EnabledIfSystemProperty(
        named = "starter.classpath",
        matches = "without-micrometer",
        disabledReason = "needs the class path of the without-micrometer execution, which leaves Micrometer out")
class StarterWithoutMicrometerTest {
    @TempDir
    Path directory;

    @Test
    void theClassPathReallyLacksMicrometer() {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.carto.connections.micrometer.ConnectionsMetrics"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theStarterStartsAndServesTheStoreWithoutMeters() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CartoConnectionsAutoConfiguration.class))
                .withPropertyValues("carto.connections.embedded-directory=" + directory.resolve("store"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ConnectionsMetricsHolder.class);
                    assertThat(context).hasSingleBean(HealthIndicator.class);
                    Principal alice = Principal.of("alice", "acme", Role.EDITOR);
                    assertThat(context.getBean(Connections.class)
                                    .list(alice, ConnectionFilter.organization("acme"), PageRequest.first(10))
                                    .items())
                            .isEmpty();
                });
    }
}
