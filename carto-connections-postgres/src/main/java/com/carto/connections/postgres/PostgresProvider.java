package com.carto.connections.postgres;

import static com.carto.connections.postgres.PostgresProperties.CA_CERTIFICATE;
import static com.carto.connections.postgres.PostgresProperties.HOST;
import static com.carto.connections.postgres.PostgresProperties.PORT;
import static com.carto.connections.postgres.PostgresProperties.SSL_MODE;
import static com.carto.connections.spi.jdbc.JdbcProperties.DATABASE;
import static com.carto.connections.spi.jdbc.JdbcProperties.PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.CheckSuspects;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcConnectionProvider;
import com.carto.connections.spi.jdbc.JdbcProperties;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL 12+ (with PostGIS for spatial columns) through pgjdbc. Provider id {@code postgres}, one auth method
 * {@code password}. Queries use pgjdbc's binary protocol and stream with a fetch size; geometry and geography
 * columns are fetched as binary EWKB.
 */
public final class PostgresProvider extends JdbcConnectionProvider {
    private static final CheckSuspects SUSPECTS =
            CheckSuspects.serverLogin(HOST, PORT, USERNAME, PASSWORD, DATABASE, SSL_MODE, CA_CERTIFICATE);

    /** Public and without arguments, for {@link java.util.ServiceLoader}. */
    public PostgresProvider() {
        super(
                "postgres",
                "PostgreSQL",
                List.of(PostgresProperties.PASSWORD_METHOD),
                PostgresDialect.INSTANCE,
                EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL, Capability.QUERY_CANCEL));
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        ServerAddress address = new ServerAddress(settings.get(HOST), settings.get(PORT));
        JdbcConnectionFactory.Builder factory = JdbcConnectionFactory.builder(
                        new org.postgresql.Driver(), address.url("jdbc:postgresql:", settings.get(DATABASE)))
                .property("user", settings.get(USERNAME))
                .property("ApplicationName", "carto-connections")
                .property("tcpKeepAlive", "true")
                // Server-prepared statements from the first execution make pgjdbc use the binary protocol for results,
                // about twice as fast as text for numeric and timestamp columns.
                .property("prepareThreshold", "-1")
                .credentials(CredentialSource.secret("password", settings.get(PASSWORD)))
                .address(address)
                .suspects(SUSPECTS);
        tls(settings, factory);
        return factory.build();
    }

    /** pgjdbc's TLS settings: its sslmode as it is, and a factory that trusts exactly the given CA when there is one. */
    private static void tls(ConnectionSettings settings, JdbcConnectionFactory.Builder factory) {
        String mode = settings.get(SSL_MODE);
        factory.property("sslmode", mode);
        if (mode.equals("disable")) {
            return;
        }
        Optional<String> certificate = JdbcProperties.pemCertificate(settings, CA_CERTIFICATE);
        if (certificate.isPresent()) {
            // Validates the server against exactly this CA; pgjdbc still checks the host name for verify-full.
            factory.property("sslfactory", "org.postgresql.ssl.SingleCertValidatingFactory");
            factory.property("sslfactoryarg", certificate.get());
        } else if (mode.startsWith("verify")) {
            factory.property("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        }
    }
}
