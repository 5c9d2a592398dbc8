package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.Providers;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.JdbcEndpoint;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedshiftEndpointTest {
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    private static final String HOST = "examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com";

    private final RedshiftProvider provider = new RedshiftProvider();

    private ConnectionSettings settings(String method, Map<String, Object> properties) {
        return Providers.of(provider).settings("c1", "redshift", method, properties, Map.of());
    }

    private JdbcEndpoint password(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "host", HOST, "database", "dev", "username", "carto", "password", "hunter2"));
        properties.putAll(overrides);
        return provider.endpoint(settings("password", properties));
    }

    private ConnectionSettings iamSettings(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "region", "us-west-2", "database", "dev", "dbUser", "carto",
                "accessKeyId", "AKIAEXAMPLE", "secretAccessKey", "wJalrXUtnFEMI"));
        properties.putAll(overrides);
        return settings("iam", properties);
    }

    private JdbcEndpoint iam(Map<String, Object> overrides) {
        return RedshiftEndpoints.iam(iamSettings(overrides), new com.amazon.redshift.Driver());
    }

    @Test
    void pinsEveryDefault() {
        JdbcEndpoint endpoint = password(Map.of());
        assertThat(endpoint.url()).isEqualTo("jdbc:redshift://" + HOST + ":5439/dev");
        assertThat(endpoint.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "user", "carto",
                "ApplicationName", "carto-connections",
                "tcpKeepAlive", "true",
                "enableFetchRingBuffer", "false",
                "ssl", "true",
                "sslmode", "verify-ca",
                "sslfactory", "com.amazon.redshift.ssl.DefaultJavaSSLFactory"));
        assertThat(endpoint.secretProperties()).containsOnlyKeys("password");
        assertThat(endpoint.host()).contains(HOST);
        assertThat(endpoint.port()).isEqualTo(5439);
        assertThat(endpoint.driver()).isInstanceOf(com.amazon.redshift.Driver.class);
    }

    @Test
    void keepsThePasswordOutOfTheUrlAndThePlainProperties() {
        JdbcEndpoint endpoint = password(Map.of());
        assertThat(endpoint.url()).doesNotContain("hunter2");
        assertThat(endpoint.properties().values()).doesNotContain("hunter2");
        assertThat(endpoint.secretProperties().get("password").reveal()).isEqualTo("hunter2");
        assertThat(endpoint.toString()).doesNotContain("hunter2");
    }

    @Test
    void pinsAnExplicitValueForEveryProperty() {
        JdbcEndpoint endpoint = password(Map.of("port", 5440, "sslMode", "verify-full", "caCertificate", PEM));
        assertThat(endpoint.url()).isEqualTo("jdbc:redshift://" + HOST + ":5440/dev");
        assertThat(endpoint.properties())
                .containsEntry("ssl", "true")
                .containsEntry("sslmode", "verify-full")
                .containsEntry("sslfactory", "com.amazon.redshift.ssl.SingleCertValidatingFactory")
                .containsEntry("sslfactoryarg", PEM);
    }

    @Test
    void encryptsWithoutVerifyingThroughTheNonValidatingFactoryAndNoSslMode() {
        assertThat(password(Map.of("sslMode", "require")).properties())
                .containsEntry("ssl", "true")
                .containsEntry("sslfactory", "com.amazon.redshift.ssl.NonValidatingFactory")
                .doesNotContainKeys("sslmode", "sslfactoryarg");
    }

    @Test
    void turnsTlsOffWithSslFalseBecauseTheDriverRejectsSslModeDisable() {
        assertThat(password(Map.of("sslMode", "disable", "caCertificate", PEM)).properties())
                .containsEntry("ssl", "false")
                .doesNotContainKeys("sslmode", "sslfactory", "sslfactoryarg");
    }

    @Test
    void bracketsAnIpv6HostAndEncodesTheDatabase() {
        assertThat(password(Map.of("host", "::1", "database", "my db")).url()).isEqualTo("jdbc:redshift://[::1]:5439/my+db");
    }

    @Test
    void rejectsACaCertificateThatIsNotPem() {
        assertThatThrownBy(() -> password(Map.of("caCertificate", "not a certificate")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("caCertificate");
    }

    @Test
    void connectsWithIamToTheGivenHost() {
        JdbcEndpoint endpoint = iam(Map.of("host", HOST, "sessionToken", "FwoGZXIvYXdzEXAMPLE"));
        assertThat(endpoint.url()).isEqualTo("jdbc:redshift:iam://" + HOST + ":5439/dev");
        assertThat(endpoint.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AccessKeyID", "AKIAEXAMPLE",
                "DbUser", "carto",
                "Region", "us-west-2",
                "ApplicationName", "carto-connections",
                "tcpKeepAlive", "true",
                "enableFetchRingBuffer", "false",
                "ssl", "true",
                "sslmode", "verify-ca",
                "sslfactory", "com.amazon.redshift.ssl.DefaultJavaSSLFactory"));
        assertThat(endpoint.secretProperties()).containsOnlyKeys("SecretAccessKey", "SessionToken");
        assertThat(endpoint.secretProperties().get("SecretAccessKey").reveal()).isEqualTo("wJalrXUtnFEMI");
        assertThat(endpoint.host()).contains(HOST);
        assertThat(endpoint.suspects().get(CheckStage.AUTHENTICATE)).contains("accessKeyId", "secretAccessKey", "dbUser");
    }

    @Test
    void letsTheDriverFindTheEndpointFromTheClusterIdentifierAndRegion() {
        JdbcEndpoint endpoint = iam(Map.of("clusterIdentifier", "examplecluster"));
        assertThat(endpoint.url()).isEqualTo("jdbc:redshift:iam://examplecluster:us-west-2/dev");
        assertThat(endpoint.properties()).containsEntry("ClusterID", "examplecluster");
        assertThat(endpoint.secretProperties()).containsOnlyKeys("SecretAccessKey");
        assertThat(endpoint.host()).isEmpty();
    }

    @Test
    void reportsEveryIamProblemAtOnceByProperty() {
        InvalidConfigurationException failure = catchThrowableOfType(InvalidConfigurationException.class,
                () -> iam(Map.of("sslMode", "disable")));
        assertThat(failure.problems()).extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("clusterIdentifier", "sslMode");
        assertThat(failure).hasMessageNotContaining("wJalrXUtnFEMI");
    }

    @Test
    void failsIamWithUnsupportedWhenTheAwsSdkIsMissing() {
        // This module's test classpath has the driver without its optional AWS SDK, as an application would by default.
        ConnectionSettings settings = iamSettings(Map.of("host", HOST));
        ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> provider.endpoint(settings));
        assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED);
        assertThat(failure).hasMessageContaining("com.amazonaws:aws-java-sdk-redshift").hasMessageNotContaining("wJalrXUtnFEMI");
    }
}
