package com.carto.connections.spi.jdbc;

import com.carto.connections.check.CheckStage;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyValues;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.postgresql.PGConnection;

/**
 * A JDBC provider for the base's own tests, on the PostgreSQL fixture: a host/port/database/user/password catalogue,
 * and the geometry reads, capabilities and connection factory each test chooses.
 */
final class FixtureProvider extends JdbcConnectionProvider {
    static final Property<String> HOST = JdbcProperties.host("Host of the fixture");
    static final Property<Integer> PORT = JdbcProperties.port(5432, "Port of the fixture");
    static final AuthMethod PASSWORD_METHOD = new AuthMethod(
            "password",
            "User and password",
            List.of(HOST, PORT, JdbcProperties.DATABASE, JdbcProperties.USERNAME, JdbcProperties.PASSWORD));
    static final Set<Capability> ALL = EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL, Capability.QUERY_CANCEL);

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jdbc-base-test-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    private final Function<ConnectionSettings, JdbcConnectionFactory> factories;

    FixtureProvider(
            JdbcDialect dialect,
            Set<Capability> capabilities,
            Function<ConnectionSettings, JdbcConnectionFactory> factories) {
        super("fixture", "Fixture", List.of(PASSWORD_METHOD), dialect, capabilities);
        this.factories = factories;
    }

    /** Reads geometry as the PostgreSQL family does, and connects with the settings' password. */
    static FixtureProvider standard() {
        return withCredentials(settings -> CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)));
    }

    static FixtureProvider withCredentials(Function<ConnectionSettings, CredentialSource> credentials) {
        return new FixtureProvider(
                new FixtureDialect(),
                ALL,
                settings -> factory(settings, new org.postgresql.Driver())
                        .credentials(credentials.apply(settings))
                        .build());
    }

    /** The fixture's URL, user and address through {@code driver}, without credentials. */
    static JdbcConnectionFactory.Builder factory(ConnectionSettings settings, Driver driver) {
        ServerAddress address = new ServerAddress(settings.get(HOST), settings.get(PORT));
        return JdbcConnectionFactory.builder(
                        driver, address.url("jdbc:postgresql:", settings.get(JdbcProperties.DATABASE)))
                .property("user", settings.get(JdbcProperties.USERNAME))
                .address(address)
                .suspects(CheckSuspects.none()
                        .with(CheckStage.AUTHENTICATE, JdbcProperties.USERNAME, JdbcProperties.PASSWORD));
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        return factories.apply(settings);
    }

    ConnectionSettings settings(
            PostgresFixture postgres, String database, String user, String password, Map<String, ?> options) {
        return settings(postgres.host(), postgres.port(), database, user, password, options);
    }

    /** Settings for a server at {@code host}:{@code port}, e.g. a proxy in front of the fixture. */
    ConnectionSettings settings(
            String host, int port, String database, String user, String password, Map<String, ?> options) {
        Map<String, Object> raw = Map.of(
                "host", host, "port", port, "database", database, "username", user, "password", Secret.of(password));
        return new ConnectionSettings(
                "fixture-connection",
                PASSWORD_METHOD,
                PropertyValues.parse(raw, PASSWORD_METHOD.properties()),
                AdvancedOptions.parse(options, dialect()),
                "owner");
    }

    /** A client as the fixture's superuser. */
    WarehouseClient open(PostgresFixture postgres, String database) {
        return open(settings(postgres, database, postgres.superuser(), postgres.superuserPassword(), Map.of()));
    }

    WarehouseClient open(ConnectionSettings settings) {
        return open(settings, new ProviderContext(SCHEDULER, Clock.systemUTC()));
    }

    /** The PostgreSQL family on pgjdbc. */
    static class FixtureDialect extends PostgresFamilyDialect {
        FixtureDialect() {
            super(Map.of(), "select postgis_lib_version()", "install PostGIS");
        }

        @Override
        public void cancel(Connection connection, Statement statement) throws SQLException {
            connection.unwrap(PGConnection.class).cancelQuery();
        }
    }

    /** The family, reading geometry as a test chooses. */
    static final class ReadingDialect extends FixtureDialect {
        private final BiFunction<String, String, GeometryRead> geometryReads;

        ReadingDialect(BiFunction<String, String, GeometryRead> geometryReads) {
            this.geometryReads = geometryReads;
        }

        @Override
        public GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
            return geometryReads.apply(quotedColumn, nativeTypeName);
        }
    }
}
