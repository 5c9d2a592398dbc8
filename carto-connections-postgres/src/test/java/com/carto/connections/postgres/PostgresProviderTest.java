package com.carto.connections.postgres;

import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider contract against a real PostgreSQL 15 with PostGIS. */
final class PostgresProviderTest extends ConnectionProviderContract {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "contract-password";
    private static String database;
    private static String role;

    @Override
    protected ConnectionProvider provider() {
        return new PostgresProvider();
    }

    @Override
    protected String authMethod() {
        return "password";
    }

    @Override
    protected synchronized Map<String, Object> validProperties() {
        if (database == null) {
            role = POSTGRES.createRole("contract", PASSWORD);
            database = POSTGRES.createDatabase("contract", true);
            POSTGRES.psql(database, "grant all on database " + database + " to " + role
                    + "; grant all on schema public to " + role);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", POSTGRES.host());
        properties.put("port", POSTGRES.port());
        properties.put("database", database);
        properties.put("username", role);
        properties.put("password", PASSWORD);
        properties.put("sslMode", "disable");
        return properties;
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
        properties.put("host", "warehouse.carto-test.invalid");
        return properties;
    }

    @Override
    protected Map<String, Object> closedPortProperties() {
        Map<String, Object> properties = validProperties();
        properties.put("host", "127.0.0.1");
        properties.put("port", closedPort());
        return properties;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String typesQuery() {
        return "select 42::int4 as i, 12.345::numeric(10,3) as d, 1.5::float8 as f, true as b, date '2024-02-29' as dt,"
                + " timestamp '2024-02-29 12:34:56' as ts, timestamptz '2024-02-29 14:34:56+02' as tstz,"
                + " 'héllo wörld'::text as s, null::int8 as n";
    }

    @Override
    protected String pointQuery() {
        return "select ST_SetSRID(ST_MakePoint(1.5, 2.5), 4326) as geom";
    }

    @Override
    protected String seriesQuery(long rows) {
        return "select n::int8 as n from generate_series(1, " + rows + ") as n";
    }

    @Override
    protected String parameterQuery() {
        return "select ?::int8 + 1 as answer";
    }

    @Override
    protected String sleepQuery(int seconds) {
        return "select pg_sleep(" + seconds + ") as slept";
    }

    @Override
    protected String writableSchema() {
        return "public";
    }
}
