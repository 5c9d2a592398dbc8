package com.carto.connections;

import static com.carto.connections.spi.jdbc.JdbcProperties.DATABASE;
import static com.carto.connections.spi.jdbc.JdbcProperties.PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcConnectionProvider;
import com.carto.connections.spi.jdbc.JdbcDialect;
import com.carto.connections.spi.jdbc.JdbcProperties;
import com.carto.connections.spi.jdbc.PostgresFamilySqlStates;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.util.EnumSet;
import java.util.List;

/**
 * A JDBC provider for the PostgreSQL fixture whose members bring their own user and password when the connection is
 * shared with viewer credentials: what the service identity of grants is tested against, with real database roles.
 */
final class ViewerCredentialsExampleProvider extends JdbcConnectionProvider {
    private static final Property<String> HOST = JdbcProperties.host("Host name or IP address of the server");
    private static final Property<Integer> PORT = JdbcProperties.port(5432, "TCP port of the server");

    ViewerCredentialsExampleProvider() {
        super(
                "example-viewers",
                "Example with viewer credentials",
                List.of(new AuthMethod(
                        "password", "User and password", List.of(HOST, PORT, DATABASE, USERNAME, PASSWORD))),
                new Dialect(),
                EnumSet.of(Capability.VIEWER_CREDENTIALS));
    }

    @Override
    public List<Property<?>> viewerCredentialProperties(String authMethodId) {
        return List.of(USERNAME, PASSWORD);
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        ServerAddress address = new ServerAddress(settings.get(HOST), settings.get(PORT));
        return JdbcConnectionFactory.builder(
                        new org.postgresql.Driver(), address.url("jdbc:postgresql:", settings.get(DATABASE)))
                .property("user", settings.get(USERNAME))
                .credentials(CredentialSource.secret("password", settings.get(PASSWORD)))
                .address(address)
                .build();
    }

    private static final class Dialect implements JdbcDialect {
        @Override
        public ErrorCategory categorize(String sqlState, int vendorCode) {
            return PostgresFamilySqlStates.categorize(sqlState);
        }
    }
}
