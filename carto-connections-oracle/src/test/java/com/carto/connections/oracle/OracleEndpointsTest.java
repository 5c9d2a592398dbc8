package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.Providers;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The thin driver's URL for each way of naming a database, the properties beside it, and the combinations refused. */
class OracleEndpointsTest {
    private static final OracleProvider PROVIDER = new OracleProvider();
    private static final oracle.jdbc.OracleDriver DRIVER = new oracle.jdbc.OracleDriver();

    @Test
    void connectsToAServiceNameWithEasyConnect() {
        JdbcConnectionFactory factory = factory(Map.of("host", "db.example.com", "serviceName", "ORCLPDB1"));
        assertThat(factory.url()).isEqualTo("jdbc:oracle:thin:@//db.example.com:1521/ORCLPDB1");
        assertThat(factory.address())
                .hasValueSatisfying(address -> assertThat(address.port()).isEqualTo(1521));
    }

    @Test
    void connectsToASidWithTheColonForm() {
        JdbcConnectionFactory factory = factory(Map.of("host", "db.example.com", "port", 1522, "sid", "ORCL"));
        assertThat(factory.url()).isEqualTo("jdbc:oracle:thin:@db.example.com:1522:ORCL");
    }

    @Test
    void bracketsAnIpv6Host() {
        assertThat(factory(Map.of("host", "::1", "serviceName", "FREEPDB1")).url())
                .isEqualTo("jdbc:oracle:thin:@//[::1]:1521/FREEPDB1");
    }

    @Test
    void connectsToADescriptorAsGivenAndLetsTheDriverResolveItsAddresses() throws Exception {
        String descriptor = "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=adb.example.com)(PORT=1522))"
                + "(CONNECT_DATA=(SERVICE_NAME=x_high.adb.oraclecloud.com)))";
        JdbcConnectionFactory factory = factory(Map.of("connectDescriptor", "  " + descriptor + "\n"));
        assertThat(factory.url()).isEqualTo("jdbc:oracle:thin:@" + descriptor);
        assertThat(factory.address()).isEmpty();
        assertThat(DRIVER.acceptsURL(factory.url())).isTrue();
    }

    @Test
    void keepsThePasswordOutOfTheUrlAndTheProperties() {
        JdbcConnectionFactory factory = factory(Map.of("host", "db.example.com", "serviceName", "ORCLPDB1"));
        assertThat(factory.url()).doesNotContain("tiger-canary");
        assertThat(factory.properties().values()).noneMatch(value -> value.contains("tiger-canary"));
        assertThat(factory.properties()).containsEntry("user", "scott");
    }

    @Test
    void turnsOffTheDriversFirstFailureDiagnosticsAndNamesTheProgram() {
        assertThat(factory(Map.of("host", "db.example.com", "serviceName", "ORCLPDB1"))
                        .properties())
                .containsEntry("oracle.jdbc.diagnostic.enableDiagnoseFirstFailure", "false")
                .containsEntry("v$session.program", "carto-connections");
    }

    @Test
    void refusesBothAServiceNameAndASid() {
        assertRefused(Map.of("host", "h", "serviceName", "S", "sid", "X"), "sid");
    }

    @Test
    void requiresAServiceNameASidOrADescriptor() {
        assertRefused(Map.of("host", "h"), "serviceName");
    }

    @Test
    void requiresAHostWithoutADescriptor() {
        assertRefused(Map.of("serviceName", "S"), "host");
    }

    @Test
    void refusesAHostBesideADescriptorWhichWouldBeIgnored() {
        assertRefused(Map.of("host", "h", "connectDescriptor", "(DESCRIPTION=(ADDRESS=(HOST=x)(PORT=1)))"), "host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"svc/other", "svc?x=1", "svc@host", "(DESCRIPTION=", "s v c", "1svc", ""})
    void refusesAServiceNameThatWouldReshapeTheUrl(String service) {
        assertThatThrownBy(() -> settings(Map.of("host", "h", "serviceName", service)))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .anySatisfy(problem ->
                                        assertThat(problem.property()).isEqualTo("serviceName")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "db.example.com:1521/ORCL",
                "(DESCRIPTION=(ADDRESS=(HOST=x))",
                "(DESCRIPTION=(ADDRESS=(HOST=x)))?TNS_ADMIN=/tmp",
                "(DESCRIPTION=(ADDRESS=(HOST=x)))(DESCRIPTION=(ADDRESS=(HOST=y)))"
            })
    void refusesADescriptorThatIsNotOneBalancedDescription(String descriptor) {
        assertThatThrownBy(() -> settings(Map.of("connectDescriptor", descriptor)))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .anySatisfy(problem ->
                                        assertThat(problem.property()).isEqualTo("connectDescriptor")));
    }

    @Test
    void acceptsADescriptionList() {
        String list =
                "(DESCRIPTION_LIST=(DESCRIPTION=(ADDRESS=(HOST=a)(PORT=1)))(DESCRIPTION=(ADDRESS=(HOST=b)(PORT=1))))";
        assertThat(factory(Map.of("connectDescriptor", list)).url()).isEqualTo("jdbc:oracle:thin:@" + list);
    }

    private static void assertRefused(Map<String, Object> endpoint, String property) {
        assertThatThrownBy(() -> factory(endpoint))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .anySatisfy(problem ->
                                        assertThat(problem.property()).isEqualTo(property)));
    }

    private static JdbcConnectionFactory factory(Map<String, Object> endpoint) {
        return OracleEndpoints.password(settings(endpoint), DRIVER);
    }

    private static ConnectionSettings settings(Map<String, Object> endpoint) {
        Map<String, Object> properties = new HashMap<>(endpoint);
        properties.put("username", "scott");
        properties.put("password", "tiger-canary");
        return Providers.of(PROVIDER).settings("endpoints", "oracle", "password", properties, Map.of());
    }
}
