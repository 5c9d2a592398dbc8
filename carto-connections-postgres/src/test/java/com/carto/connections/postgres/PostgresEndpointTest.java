package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.Providers;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.JdbcEndpoint;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresEndpointTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

    private static JdbcEndpoint endpoint(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "host", "db.example.com", "database", "gis", "username", "carto", "password", "hunter2"));
        properties.putAll(overrides);
        ConnectionSettings settings = Providers.of(new PostgresProvider()).settings("c1", "postgres", "password", properties, Map.of());
        return PostgresProvider.endpoint(settings);
    }

    @Test
    void pinsEveryDefault() {
        JdbcEndpoint endpoint = endpoint(Map.of());
        assertThat(endpoint.url()).isEqualTo("jdbc:postgresql://db.example.com:5432/gis");
        assertThat(endpoint.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "user", "carto",
                "ApplicationName", "carto-connections",
                "tcpKeepAlive", "true",
                "prepareThreshold", "-1",
                "sslmode", "require"));
        assertThat(endpoint.host()).contains("db.example.com");
        assertThat(endpoint.port()).isEqualTo(5432);
    }

    @Test
    void keepsThePasswordOutOfTheUrlAndThePlainProperties() {
        JdbcEndpoint endpoint = endpoint(Map.of());
        assertThat(endpoint.url()).doesNotContain("hunter2");
        assertThat(endpoint.properties().values()).doesNotContain("hunter2");
        assertThat(endpoint.secretProperties().get("password").reveal()).isEqualTo("hunter2");
        assertThat(endpoint.toString()).doesNotContain("hunter2");
    }

    @Test
    void pinsAnExplicitValueForEveryProperty() {
        JdbcEndpoint endpoint = endpoint(Map.of("port", 6543, "sslMode", "verify-full", "caCertificate", PEM));
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
        assertThat(endpoint(Map.of("host", "::1", "database", "my db")).url()).isEqualTo("jdbc:postgresql://[::1]:5432/my+db");
    }

    @Test
    void rejectsACaCertificateThatIsNotPem() {
        assertThatThrownBy(() -> endpoint(Map.of("caCertificate", "not a certificate")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("caCertificate");
    }
}
