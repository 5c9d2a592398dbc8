package com.carto.connections.spi.jdbc.example;

import static com.carto.connections.spi.jdbc.JdbcProperties.DATABASE;
import static com.carto.connections.spi.jdbc.JdbcProperties.PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.CheckSuspects;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.GeometryRead;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcConnectionProvider;
import com.carto.connections.spi.jdbc.JdbcDialect;
import com.carto.connections.spi.jdbc.JdbcProperties;
import com.carto.connections.spi.jdbc.PostgresFamilySqlStates;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The whole JDBC provider that {@code spi/jdbc/package-info.java} shows, compiled and run against the PostgreSQL
 * fixture; {@code ExampleProviderTest} keeps the two texts identical.
 */
// example:start
public final class ExampleProvider extends JdbcConnectionProvider {
    static final Property<String> HOST = JdbcProperties.host("Host name or IP address of the server");
    static final Property<Integer> PORT = JdbcProperties.port(5432, "TCP port of the server");
    static final AuthMethod PASSWORD_METHOD =
            new AuthMethod("password", "User and password", List.of(HOST, PORT, DATABASE, USERNAME, PASSWORD));

    public ExampleProvider() {
        super(
                "example",
                "Example",
                List.of(PASSWORD_METHOD),
                new ExampleDialect(),
                EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL));
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        ServerAddress address = new ServerAddress(settings.get(HOST), settings.get(PORT));
        return JdbcConnectionFactory.builder(
                        new org.postgresql.Driver(), address.url("jdbc:postgresql:", settings.get(DATABASE)))
                .property("user", settings.get(USERNAME))
                .credentials(CredentialSource.secret("password", settings.get(PASSWORD)))
                .address(address)
                .suspects(CheckSuspects.none()
                        .with(CheckStage.RESOLVE_HOST, HOST)
                        .with(CheckStage.CONNECT, HOST, PORT)
                        .with(CheckStage.AUTHENTICATE, USERNAME, PASSWORD)
                        .with(CheckStage.REACH_DATABASE, DATABASE))
                .build();
    }

    static final class ExampleDialect implements JdbcDialect {
        @Override
        public ErrorCategory categorize(String sqlState, int vendorCode) {
            return PostgresFamilySqlStates.categorize(sqlState);
        }

        @Override
        public GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
            return GeometryRead.wkb("ST_AsBinary(" + quotedColumn + ")").withSridFrom("ST_SRID(" + quotedColumn + ")");
        }

        @Override
        public Optional<String> spatialProbe() {
            return Optional.of("select postgis_lib_version()");
        }
    }
}
// example:end
