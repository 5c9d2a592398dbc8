package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.redshift.core.BaseConnection;
import com.amazon.redshift.core.Oid;
import com.amazon.redshift.core.TypeInfo;
import com.amazon.redshift.util.RedshiftVarbyte;
import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the provider relies on in the plain Redshift driver (no PostGIS oids taught), checked against the stand-in:
 * the proxy's reason to exist, the driver's names for Redshift's types, and that every TLS setting is accepted.
 */
class RedshiftDriverTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    private static final String PEM = TestCertificates.CA_PEM.strip();

    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void startScheduler() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopScheduler() {
        scheduler.shutdownNow();
    }

    private static Connection connect(String host, int port) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", RedshiftStandIn.role());
        properties.setProperty("password", RedshiftStandIn.PASSWORD);
        properties.setProperty("ssl", "false");
        return new com.amazon.redshift.Driver()
                .connect("jdbc:redshift://" + host + ":" + port + "/" + RedshiftStandIn.database(), properties);
    }

    @Test
    void cannotLogInToPostgresqlWithoutTheProxy() {
        assertThatThrownBy(() -> connect(POSTGRES.host(), POSTGRES.port()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("unrecognized configuration parameter")
                .satisfies(failure ->
                        assertThat(((SQLException) failure).getSQLState()).isEqualTo("42704"));
    }

    @Test
    void logsInThroughTheProxyWhichRemovesTheDriversRedshiftOnlyStartupParameters() throws SQLException {
        RedshiftStartupProxy proxy = RedshiftStandIn.proxy();
        try (Connection connection = connect(proxy.host(), proxy.port())) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("Redshift");
        }
        assertThat(proxy.removedParameters()).contains("driver_version", "os_version", "client_protocol_version");
    }

    @ParameterizedTest(name = "the driver names oid {0} {1}, which is {2}")
    @CsvSource({
        Oid.GEOMETRY + ", geometry, GEOMETRY",
        Oid.GEOGRAPHY + ", geography, GEOMETRY",
        Oid.SUPER + ", super, JSON",
        Oid.VARBYTE + ", varbyte, BYTES",
    })
    void namesRedshiftsOwnTypesAsTheDialectExpects(int oid, String name, ColumnType type) throws SQLException {
        try (Connection connection =
                connect(RedshiftStandIn.proxy().host(), RedshiftStandIn.proxy().port())) {
            TypeInfo types = connection.unwrap(BaseConnection.class).getTypeInfo();
            assertThat(types.getRSType(oid)).isEqualTo(name);
            assertThat(RedshiftDialect.INSTANCE.columnType(name)).contains(type);
        }
    }

    @Test
    void cannotDescribeAPostgisColumnUntaught() throws SQLException {
        // Why the stand-in's driver is taught PostGIS's oids: their numbers are PostgreSQL's, not Redshift's.
        try (Connection connection = connect(
                        RedshiftStandIn.proxy().host(), RedshiftStandIn.proxy().port());
                PreparedStatement statement = connection.prepareStatement(RedshiftQueries.POINT)) {
            assertThatThrownBy(() -> statement.getMetaData().getColumnTypeName(1))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Unknown oid");
        }
    }

    @Test
    void decodesVarbyteHexTextToBytesAsStAsEwkbNeedsOnRedshift() throws SQLException {
        String ewkb = "0101000020E6100000000000000000F83F0000000000000440";
        assertThat(RedshiftVarbyte.toBytes(ewkb.getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(HexFormat.of().parseHex(ewkb));
    }

    @ParameterizedTest(name = "sslMode {0} reaches the TLS handshake")
    @ValueSource(strings = {"require", "verify-ca", "verify-full", "verify-full+ca"})
    void acceptsEveryTlsSettingUpToTheHandshake(String mode) {
        Map<String, Object> properties = RedshiftStandIn.passwordProperties();
        properties.put("sslMode", mode.replace("+ca", ""));
        if (mode.endsWith("+ca")) {
            properties.put("caCertificate", PEM);
        }
        RedshiftProvider provider = new RedshiftProvider();
        try (WarehouseClient client = provider.open(
                Providers.of(provider).settings("tls", "redshift", "password", properties, Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()))) {
            CheckReport report = client.check(CheckOptions.defaults());
            // The proxy answers the driver's SSL request with "no": a setting the driver rejected would fail before.
            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(failure.stage()).as(report.summary()).isEqualTo(CheckStage.AUTHENTICATE);
            assertThat(failure.category()).as(report.summary()).contains(ErrorCategory.INVALID_CONFIGURATION);
            assertThat(failure.message())
                    .hasValueSatisfying(message -> assertThat(message).contains("does not support SSL"));
        }
    }
}
