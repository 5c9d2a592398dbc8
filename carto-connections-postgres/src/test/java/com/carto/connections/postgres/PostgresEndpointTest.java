package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckStage;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.ServerAddress;
import com.carto.connections.testing.TestCertificates;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PostgresEndpointTest {
    private static final String PEM = TestCertificates.CA_PEM.strip();
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    private static JdbcConnectionFactory endpoint(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(
                Map.of("host", "db.example.com", "database", "gis", "username", "carto", "password", "hunter2"));
        properties.putAll(overrides);
        PostgresProvider provider = new PostgresProvider();
        ConnectionSettings settings =
                Providers.of(provider).settings("c1", "postgres", "password", properties, Map.of());
        return provider.connectionFactory(settings, new ProviderContext(SCHEDULER, Clock.systemUTC()));
    }

    @Test
    void pinsEveryDefault() {
        JdbcConnectionFactory endpoint = endpoint(Map.of());
        assertThat(endpoint.url()).isEqualTo("jdbc:postgresql://db.example.com:5432/gis");
        assertThat(endpoint.properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "user", "carto",
                        "ApplicationName", "carto-connections",
                        "tcpKeepAlive", "true",
                        "prepareThreshold", "-1",
                        "sslmode", "require"));
        assertThat(endpoint.address()).contains(new ServerAddress("db.example.com", 5432));
        assertThat(endpoint.driver()).isInstanceOf(org.postgresql.Driver.class);
    }

    @Test
    void keepsThePasswordOutOfTheUrlAndThePlainProperties() {
        JdbcConnectionFactory endpoint = endpoint(Map.of());
        assertThat(endpoint.url()).doesNotContain("hunter2");
        assertThat(endpoint.properties().values()).doesNotContain("hunter2");
        assertThat(endpoint.toString()).doesNotContain("hunter2");
    }

    @Test
    void revealsThePasswordIntoTheDriverPropertiesOfEachConnection() {
        Properties driverProperties = new Properties();
        endpoint(Map.of()).credentials().addCredentials(driverProperties);
        assertThat(driverProperties).containsExactly(Map.entry("password", "hunter2"));
    }

    @Test
    void suspectsTheAddressTlsAndLoginStageByStage() {
        JdbcConnectionFactory endpoint = endpoint(Map.of());
        assertThat(endpoint.suspects().forStage(CheckStage.RESOLVE_HOST)).containsExactly("host");
        assertThat(endpoint.suspects().forStage(CheckStage.CONNECT))
                .containsExactlyInAnyOrder("host", "port", "sslMode", "caCertificate");
        assertThat(endpoint.suspects().forStage(CheckStage.AUTHENTICATE))
                .containsExactlyInAnyOrder("username", "password", "sslMode");
        assertThat(endpoint.suspects().forStage(CheckStage.REACH_DATABASE)).containsExactly("database");
        assertThat(endpoint.suspects().forStage(CheckStage.READ_METADATA)).containsExactly("username");
        assertThat(endpoint.suspects().forStage(CheckStage.WRITE_TEMP_TABLE)).containsExactly("tempLocation");
    }

    @Test
    void pinsAnExplicitValueForEveryProperty() {
        JdbcConnectionFactory endpoint = endpoint(Map.of("port", 6543, "sslMode", "verify-full", "caCertificate", PEM));
        assertThat(endpoint.url()).isEqualTo("jdbc:postgresql://db.example.com:6543/gis");
        assertThat(endpoint.properties())
                .containsEntry("sslmode", "verify-full")
                .containsEntry("sslfactory", "org.postgresql.ssl.SingleCertValidatingFactory")
                .containsEntry("sslfactoryarg", PEM);
    }

    @Test
    void verifiesAgainstTheJvmTrustStoreWithoutACertificate() {
        assertThat(endpoint(Map.of("sslMode", "verify-ca")).properties())
                .containsEntry("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
    }

    @Test
    void sendsNoTlsSettingsWhenTlsIsDisabled() {
        assertThat(endpoint(Map.of("sslMode", "disable", "caCertificate", PEM)).properties())
                .containsEntry("sslmode", "disable")
                .doesNotContainKeys("sslfactory", "sslfactoryarg");
    }

    @Test
    void bracketsAnIpv6HostAndEncodesTheDatabase() {
        assertThat(endpoint(Map.of("host", "::1", "database", "my db")).url())
                .isEqualTo("jdbc:postgresql://[::1]:5432/my+db");
    }

    @Test
    void rejectsACaCertificateThatIsNotPem() {
        assertThatThrownBy(() -> endpoint(Map.of("caCertificate", "not a certificate")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("caCertificate");
    }
}
