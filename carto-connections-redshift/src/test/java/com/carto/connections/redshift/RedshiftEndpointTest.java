package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
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

class RedshiftEndpointTest {
    private static final String PEM = TestCertificates.CA_PEM.strip();
    private static final String HOST = "examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com";

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    private final RedshiftProvider provider = new RedshiftProvider();

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.shutdownNow();
    }

    private JdbcConnectionFactory factory(ConnectionSettings settings) {
        return provider.connectionFactory(settings, new ProviderContext(SCHEDULER, Clock.systemUTC()));
    }

    private static Properties credentials(JdbcConnectionFactory factory) {
        Properties driverProperties = new Properties();
        factory.credentials().addCredentials(driverProperties);
        return driverProperties;
    }

    private ConnectionSettings settings(String method, Map<String, Object> properties) {
        return Providers.of(provider).settings("c1", "redshift", method, properties, Map.of());
    }

    private JdbcConnectionFactory password(Map<String, Object> overrides) {
        Map<String, Object> properties =
                new HashMap<>(Map.of("host", HOST, "database", "dev", "username", "carto", "password", "hunter2"));
        properties.putAll(overrides);
        return factory(settings("password", properties));
    }

    private ConnectionSettings iamSettings(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "region",
                "us-west-2",
                "database",
                "dev",
                "dbUser",
                "carto",
                "accessKeyId",
                "AKIAEXAMPLE",
                "secretAccessKey",
                "wJalrXUtnFEMI"));
        properties.putAll(overrides);
        return settings("iam", properties);
    }

    private JdbcConnectionFactory iam(Map<String, Object> overrides) {
        return RedshiftEndpoints.iam(iamSettings(overrides), new com.amazon.redshift.Driver());
    }

    @Test
    void pinsEveryDefault() {
        JdbcConnectionFactory endpoint = password(Map.of());
        assertThat(endpoint.url()).isEqualTo("jdbc:redshift://" + HOST + ":5439/dev");
        assertThat(endpoint.properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "user", "carto",
                        "ApplicationName", "carto-connections",
                        "tcpKeepAlive", "true",
                        "enableFetchRingBuffer", "false",
                        "ssl", "true",
                        "sslmode", "verify-ca",
                        "sslfactory", "com.amazon.redshift.ssl.DefaultJavaSSLFactory"));
        assertThat(credentials(endpoint)).containsOnlyKeys("password");
        assertThat(endpoint.address()).contains(new ServerAddress(HOST, 5439));
        assertThat(endpoint.driver()).isInstanceOf(com.amazon.redshift.Driver.class);
    }

    @Test
    void keepsThePasswordOutOfTheUrlAndThePlainProperties() {
        JdbcConnectionFactory endpoint = password(Map.of());
        assertThat(endpoint.url()).doesNotContain("hunter2");
        assertThat(endpoint.properties().values()).doesNotContain("hunter2");
        assertThat(credentials(endpoint)).containsEntry("password", "hunter2");
        assertThat(endpoint.toString()).doesNotContain("hunter2");
    }

    @Test
    void pinsAnExplicitValueForEveryProperty() {
        JdbcConnectionFactory endpoint = password(Map.of("port", 5440, "sslMode", "verify-full", "caCertificate", PEM));
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
        assertThat(password(Map.of("host", "::1", "database", "my db")).url())
                .isEqualTo("jdbc:redshift://[::1]:5439/my+db");
    }

    @Test
    void rejectsACaCertificateThatIsNotPem() {
        assertThatThrownBy(() -> password(Map.of("caCertificate", "not a certificate")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("caCertificate");
    }

    @Test
    void connectsWithIamToTheGivenHost() {
        JdbcConnectionFactory endpoint = iam(Map.of("host", HOST, "sessionToken", "FwoGZXIvYXdzEXAMPLE"));
        assertThat(endpoint.url()).isEqualTo("jdbc:redshift:iam://" + HOST + ":5439/dev");
        assertThat(endpoint.properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "AccessKeyID", "AKIAEXAMPLE",
                        "DbUser", "carto",
                        "Region", "us-west-2",
                        "ApplicationName", "carto-connections",
                        "tcpKeepAlive", "true",
                        "enableFetchRingBuffer", "false",
                        "ssl", "true",
                        "sslmode", "verify-ca",
                        "sslfactory", "com.amazon.redshift.ssl.DefaultJavaSSLFactory"));
        assertThat(credentials(endpoint)).containsOnlyKeys("SecretAccessKey", "SessionToken");
        assertThat(credentials(endpoint)).containsEntry("SecretAccessKey", "wJalrXUtnFEMI");
        assertThat(endpoint.address()).contains(new ServerAddress(HOST, 5439));
        assertThat(endpoint.suspects().forStage(CheckStage.AUTHENTICATE))
                .contains("accessKeyId", "secretAccessKey", "dbUser");
    }

    @Test
    void letsTheDriverFindTheEndpointFromTheClusterIdentifierAndRegion() {
        JdbcConnectionFactory endpoint = iam(Map.of("clusterIdentifier", "examplecluster"));
        assertThat(endpoint.url()).isEqualTo("jdbc:redshift:iam://examplecluster:us-west-2/dev");
        assertThat(endpoint.properties()).containsEntry("ClusterID", "examplecluster");
        assertThat(credentials(endpoint)).containsOnlyKeys("SecretAccessKey");
        assertThat(endpoint.address()).isEmpty();
    }

    @Test
    void acceptsAwsSpellingsOfRegionsAndClusterIdentifiers() {
        for (String region :
                java.util.List.of("us-east-1", "us-gov-west-1", "cn-northwest-1", "ap-southeast-5", "il-central-1")) {
            assertThat(iamSettings(Map.of("region", region, "clusterIdentifier", "my-cluster-01"))
                            .get(RedshiftProperties.REGION))
                    .isEqualTo(region);
        }
        assertThat(iamSettings(Map.of("clusterIdentifier", "a")).get(RedshiftProperties.CLUSTER_IDENTIFIER))
                .isEqualTo("a");
    }

    @Test
    void refusesARegionThatCouldSteerTheSignedAwsRequestNamingRegion() {
        for (String region : java.util.List.of(
                "x.attacker.example#",
                "us-east-1.attacker.example",
                "us-east-1/x",
                "us-east-1@attacker.example",
                "us-east-1:443",
                "us-east-1?x",
                "US-EAST-1",
                "us-east-1a")) {
            assertRefused(Map.of("region", region), "region", region);
        }
    }

    @Test
    void refusesAClusterIdentifierOutsideAwsRulesNamingIt() {
        for (String identifier : java.util.List.of(
                "x.attacker.example#",
                "cluster/x",
                "cluster@x",
                "cluster:5439",
                "Example",
                "1cluster",
                "cluster-",
                "clu--ster",
                "c".repeat(64))) {
            assertRefused(Map.of("clusterIdentifier", identifier), "clusterIdentifier", identifier);
        }
    }

    @Test
    void refusesAnIamHostThatIsNotAHostNameNamingIt() {
        for (String host : java.util.List.of("h.example.com/x?Region=x", "carto@attacker.example", "h.example.com#")) {
            assertRefused(Map.of("host", host), "host", host);
        }
    }

    private void assertRefused(Map<String, Object> overrides, String property, String value) {
        assertThatThrownBy(() -> iamSettings(overrides))
                .as(value)
                .isInstanceOfSatisfying(InvalidConfigurationException.class, failure -> {
                    assertThat(failure.problems())
                            .extracting(InvalidConfigurationException.Problem::property)
                            .containsExactly(property);
                    assertThat(failure.getMessage()).doesNotContain(value);
                });
    }

    @Test
    void reportsEveryIamProblemAtOnceByProperty() {
        InvalidConfigurationException failure =
                catchThrowableOfType(InvalidConfigurationException.class, () -> iam(Map.of("sslMode", "disable")));
        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("clusterIdentifier", "sslMode");
        assertThat(failure).hasMessageNotContaining("wJalrXUtnFEMI");
    }

    @Test
    void failsIamWithUnsupportedWhenTheAwsSdkIsMissing() {
        // This module's test classpath has the driver without its optional AWS SDK, as an application would by default.
        ConnectionSettings settings = iamSettings(Map.of("host", HOST));
        ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> factory(settings));
        assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED);
        assertThat(failure)
                .hasMessageContaining("com.amazonaws:aws-java-sdk-redshift")
                .hasMessageNotContaining("wJalrXUtnFEMI");
    }
}
