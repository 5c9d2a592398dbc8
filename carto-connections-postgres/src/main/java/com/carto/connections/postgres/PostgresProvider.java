package com.carto.connections.postgres;

import static com.carto.connections.postgres.PostgresProperties.CA_CERTIFICATE;
import static com.carto.connections.postgres.PostgresProperties.DATABASE;
import static com.carto.connections.postgres.PostgresProperties.HOST;
import static com.carto.connections.postgres.PostgresProperties.PASSWORD;
import static com.carto.connections.postgres.PostgresProperties.PORT;
import static com.carto.connections.postgres.PostgresProperties.SSL_MODE;
import static com.carto.connections.postgres.PostgresProperties.USERNAME;

import com.carto.connections.check.CheckStage;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.spi.jdbc.JdbcEndpoint;
import com.carto.connections.spi.jdbc.JdbcWarehouseClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL 12+ (with PostGIS for spatial columns) through pgjdbc. Provider id {@code postgres}, one auth method
 * {@code password}. Queries use pgjdbc's binary protocol and stream with a fetch size; geometry and geography
 * columns are fetched as binary EWKB.
 */
public final class PostgresProvider implements ConnectionProvider {
    static final AuthMethod PASSWORD_METHOD = new AuthMethod("password", "User and password", PostgresProperties.ALL);

    private static final Map<CheckStage, Set<String>> SUSPECTS = Map.of(
            CheckStage.RESOLVE_HOST, Set.of(HOST.name()),
            CheckStage.CONNECT, Set.of(HOST.name(), PORT.name(), SSL_MODE.name(), CA_CERTIFICATE.name()),
            CheckStage.AUTHENTICATE, Set.of(USERNAME.name(), PASSWORD.name(), SSL_MODE.name()),
            CheckStage.REACH_DATABASE, Set.of(DATABASE.name()),
            CheckStage.READ_METADATA, Set.of(USERNAME.name()),
            CheckStage.WRITE_TEMP_TABLE, Set.of("tempLocation"));

    /** Public and without arguments, for {@link java.util.ServiceLoader}. */
    public PostgresProvider() {}

    @Override
    public String id() {
        return "postgres";
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public List<AuthMethod> authMethods() {
        return List.of(PASSWORD_METHOD);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL, Capability.QUERY_CANCEL);
    }

    @Override
    public Dialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
        return JdbcWarehouseClient.create(settings, context, endpoint(settings), PostgresDialect.INSTANCE, true);
    }

    static JdbcEndpoint endpoint(ConnectionSettings settings) {
        String host = settings.get(HOST);
        int port = settings.get(PORT);
        String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + URLEncoder.encode(settings.get(DATABASE), StandardCharsets.UTF_8);
        Map<String, String> properties = new HashMap<>();
        properties.put("user", settings.get(USERNAME));
        properties.put("ApplicationName", "carto-connections");
        properties.put("tcpKeepAlive", "true");
        // Server-prepared statements from the first execution make pgjdbc use the binary protocol for results,
        // about twice as fast as text for numeric and timestamp columns.
        properties.put("prepareThreshold", "-1");
        properties.putAll(ssl(settings));
        return new JdbcEndpoint(
                new org.postgresql.Driver(),
                url,
                properties,
                Map.of("password", settings.get(PASSWORD)),
                Optional.of(host),
                port,
                SUSPECTS);
    }

    private static Map<String, String> ssl(ConnectionSettings settings) {
        String mode = settings.get(SSL_MODE);
        Optional<String> certificate = settings.properties().find(CA_CERTIFICATE);
        Map<String, String> properties = new HashMap<>();
        properties.put("sslmode", mode);
        if (mode.equals("disable")) {
            return properties;
        }
        if (certificate.isPresent()) {
            String pem = certificate.get().strip();
            if (!pem.startsWith("-----BEGIN CERTIFICATE-----")) {
                throw InvalidConfigurationException.of(CA_CERTIFICATE.name(), "must be a PEM certificate starting with -----BEGIN CERTIFICATE-----");
            }
            // Validates the server against exactly this CA; pgjdbc still checks the host name for verify-full.
            properties.put("sslfactory", "org.postgresql.ssl.SingleCertValidatingFactory");
            properties.put("sslfactoryarg", pem);
        } else if (mode.startsWith("verify")) {
            properties.put("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        }
        return properties;
    }

    @Override
    public String toString() {
        return "PostgresProvider";
    }
}
