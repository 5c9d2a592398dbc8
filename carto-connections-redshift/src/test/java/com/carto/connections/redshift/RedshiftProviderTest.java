package com.carto.connections.redshift;

import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider contract with the real Redshift driver against PostgreSQL 15 + PostGIS, through the startup proxy.
 * Every query is Redshift SQL that PostgreSQL also runs, the same as the live test's.
 */
final class RedshiftProviderTest extends ConnectionProviderContract {
    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    @Override
    protected ConnectionProvider provider() {
        return RedshiftStandIn.provider();
    }

    @Override
    protected String authMethod() {
        return "password";
    }

    @Override
    protected Map<String, Object> validProperties() {
        return RedshiftStandIn.passwordProperties();
    }

    @Override
    protected String secretProperty() {
        return "password";
    }

    @Override
    protected Map<String, Object> unknownDatabaseProperties() {
        Map<String, Object> properties = validProperties();
        properties.put("database", "no_such_database");
        return properties;
    }

    @Override
    protected Map<String, Object> unresolvableHostProperties() {
        Map<String, Object> properties = validProperties();
        // RFC 6761 reserves .invalid: it never resolves, and the lookup never leaves the machine's resolver.
        properties.put("host", "cluster.carto-test.invalid");
        return properties;
    }

    @Override
    protected Map<String, Object> closedPortProperties() {
        Map<String, Object> properties = validProperties();
        properties.put("port", closedPort());
        return properties;
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String typesQuery() {
        return RedshiftQueries.TYPES;
    }

    @Override
    protected String pointQuery() {
        return RedshiftQueries.POINT;
    }

    @Override
    protected String seriesQuery(long rows) {
        return RedshiftQueries.series(rows);
    }

    @Override
    protected String parameterQuery() {
        return RedshiftQueries.PARAMETER;
    }

    @Override
    protected String sleepQuery(int seconds) {
        return RedshiftQueries.busy();
    }

    @Override
    protected String writableSchema() {
        return "public";
    }
}
