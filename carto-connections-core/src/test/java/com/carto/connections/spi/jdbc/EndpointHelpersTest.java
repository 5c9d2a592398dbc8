package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.check.CheckStage;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyValues;
import com.carto.connections.testing.TestCertificates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint helpers PostgreSQL, Redshift and the providers after them share. */
class EndpointHelpersTest {
    private static final Property<String> HOST = JdbcProperties.host("host");
    private static final Property<Integer> PORT = JdbcProperties.port(5432, "port");
    private static final Property<String> SSL_MODE = JdbcProperties.sslMode("require", "TLS");
    private static final Property<String> CA_CERTIFICATE = JdbcProperties.caCertificate("CA");
    private static final AuthMethod METHOD = new AuthMethod(
            "password",
            "Password",
            List.of(
                    HOST,
                    PORT,
                    JdbcProperties.DATABASE,
                    JdbcProperties.USERNAME,
                    JdbcProperties.PASSWORD,
                    SSL_MODE,
                    CA_CERTIFICATE));

    @Test
    void bracketsAnIpv6AddressInTheAuthority() {
        assertThat(new ServerAddress("::1", 5432).authority()).isEqualTo("[::1]:5432");
        assertThat(new ServerAddress("fe80::1%eth0", 5439).authority()).isEqualTo("[fe80::1%eth0]:5439");
        assertThat(new ServerAddress("db.example.com", 5432).authority()).isEqualTo("db.example.com:5432");
        assertThat(new ServerAddress("10.0.0.1", 5432).authority()).isEqualTo("10.0.0.1:5432");
    }

    @Test
    void acceptsHostNamesAndIpAddressesAsTheHost() {
        for (String host : List.of(
                "db", "db.example.com", "db.example.com.", "my_db", "10.0.0.1", "::1", "2001:db8::1", "fe80::1%eth0")) {
            assertThat(PropertyValues.parse(Map.of("host", host), List.of(HOST)).get(HOST))
                    .as(host)
                    .isEqualTo(host);
            assertThat(new ServerAddress(host, 5432).host()).isEqualTo(host);
        }
    }

    @Test
    void refusesAHostThatWouldReshapeTheUrlNamingHostWithoutQuotingIt() {
        for (String host : List.of(
                "db.example.com/x?sslfactory=org.example.Evil",
                "carto@attacker.example",
                "attacker.example:5432",
                "x.attacker.example#",
                "db example",
                "-db",
                "db..example",
                "[::1]",
                "::1%eth0/x",
                "1:2:3",
                "a".repeat(64) + ".example")) {
            assertThatThrownBy(() -> PropertyValues.parse(Map.of("host", host), List.of(HOST)))
                    .as(host)
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, failure -> {
                        assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("host");
                        assertThat(failure.getMessage()).contains("host name").doesNotContain(host);
                    });
            assertThatThrownBy(() -> new ServerAddress(host, 5432))
                    .as(host)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("host");
        }
    }

    @Test
    void keepsAnyDatabaseNameOnePathSegmentOfTheUrl() {
        assertThat(new ServerAddress("::1", 5432).url("jdbc:postgresql:", "my db/../x?ssl=false"))
                .isEqualTo("jdbc:postgresql://[::1]:5432/my+db%2F..%2Fx%3Fssl%3Dfalse");
    }

    @Test
    void rejectsAPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> new ServerAddress("db", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> new ServerAddress("db", 65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAPemCertificateWithoutItsSurroundingWhiteSpace() {
        String pem = TestCertificates.CA_PEM.strip();
        assertThat(JdbcProperties.pemCertificate(
                        settings(Map.of("caCertificate", "\n  " + pem + "\n")), CA_CERTIFICATE))
                .contains(pem);
        assertThat(JdbcProperties.pemCertificate(settings(Map.of()), CA_CERTIFICATE))
                .isEmpty();
    }

    @Test
    void acceptsABundleOfSeveralPemCertificates() {
        String bundle = TestCertificates.CA_PEM + TestCertificates.CA_PEM;

        assertThat(JdbcProperties.pemCertificate(settings(Map.of("caCertificate", bundle)), CA_CERTIFICATE))
                .contains(bundle.strip());
    }

    @Test
    void refusesAPemWhoseContentIsNotACertificateWithoutEchoingIt() {
        String mangled = "-----BEGIN CERTIFICATE-----\nMIIBnotbase64atall\n-----END CERTIFICATE-----";

        assertThatThrownBy(() -> settings(Map.of("caCertificate", mangled)))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("caCertificate"))
                .hasMessageContaining("X.509")
                .hasMessageNotContaining("notbase64");
    }

    @Test
    void refusesATruncatedPemCertificate() {
        String pem = TestCertificates.CA_PEM;
        String truncated = pem.substring(0, pem.length() / 2);

        assertThatThrownBy(() -> settings(Map.of("caCertificate", truncated)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("caCertificate");
    }

    @Test
    void rejectsACertificateThatIsNotPemNamingTheProperty() {
        assertThatThrownBy(
                        () -> JdbcProperties.pemCertificate(settings(Map.of("caCertificate", "MIIB")), CA_CERTIFICATE))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("caCertificate"))
                .hasMessageContaining("PEM");
    }

    @Test
    void suspectsEachStageOfAServerLogin() {
        CheckSuspects suspects = CheckSuspects.serverLogin(
                HOST,
                PORT,
                JdbcProperties.USERNAME,
                JdbcProperties.PASSWORD,
                JdbcProperties.DATABASE,
                SSL_MODE,
                CA_CERTIFICATE);
        assertThat(suspects.forStage(CheckStage.RESOLVE_HOST)).containsExactly("host");
        assertThat(suspects.forStage(CheckStage.CONNECT))
                .containsExactlyInAnyOrder("host", "port", "sslMode", "caCertificate");
        assertThat(suspects.forStage(CheckStage.AUTHENTICATE))
                .containsExactlyInAnyOrder("username", "password", "sslMode");
        assertThat(suspects.forStage(CheckStage.REACH_DATABASE)).containsExactly("database");
        assertThat(suspects.forStage(CheckStage.READ_METADATA)).containsExactly("username");
        assertThat(suspects.forStage(CheckStage.WRITE_TEMP_TABLE)).containsExactly("tempLocation");
        assertThat(suspects.forStage(CheckStage.SPATIAL_SUPPORT)).isEmpty();
    }

    @Test
    void addsSuspectsWithoutChangingTheOriginal() {
        CheckSuspects none = CheckSuspects.none();
        CheckSuspects more = none.with(CheckStage.CONNECT, HOST).with(CheckStage.CONNECT, PORT);
        assertThat(more.forStage(CheckStage.CONNECT)).containsExactlyInAnyOrder("host", "port");
        assertThat(none.forStage(CheckStage.CONNECT)).isEmpty();
    }

    private static ConnectionSettings settings(Map<String, Object> more) {
        Map<String, Object> raw = new java.util.HashMap<>(
                Map.of("host", "db", "database", "gis", "username", "carto", "password", Secret.of("hunter2")));
        raw.putAll(more);
        return new ConnectionSettings(
                "c1",
                METHOD,
                PropertyValues.parse(raw, METHOD.properties()),
                AdvancedOptions.defaults(new FixtureProvider.FixtureDialect()),
                "owner");
    }
}
