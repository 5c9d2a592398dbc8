package com.carto.connections.postgres;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.ProviderUnderTest;
import com.carto.connections.testing.ProviderUnderTest.ContractQueries;
import com.carto.connections.testing.ProviderUnderTest.Endpoint;
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
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(new PostgresProvider(), "password")
                .properties(PostgresProviderTest::loginProperties)
                .secretProperty("password")
                .database("database", "no_such_database")
                .endpoint(Endpoint.hostAndPort("host", "port"))
                .queries(new ContractQueries(
                        "select 42::int4 as i, 12.345::numeric(10,3) as d, 1.5::float8 as f, true as b,"
                                + " date '2024-02-29' as dt, timestamp '2024-02-29 12:34:56' as ts,"
                                + " timestamptz '2024-02-29 14:34:56+02' as tstz, 'héllo wörld'::text as s, null::int8 as n",
                        "select ST_SetSRID(ST_MakePoint(1.5, 2.5), 4326) as geom",
                        rows -> "select n::int8 as n from generate_series(1, " + rows + ") as n",
                        "select ?::int8 + 1 as answer",
                        seconds -> "select pg_sleep(" + seconds + ") as slept",
                        "select :value::int8 + 1 as answer, ':x @x' as s, E'\\':x @x' as e, $q$ :x @x $q$ as d,"
                                + " $$:x$$ as dd, 1 as \":x @x\" -- :x @x\n/* :x /* @x */ :x */"))
                .writableSchema("public");
    }

    private static synchronized Map<String, Object> loginProperties() {
        if (database == null) {
            role = POSTGRES.createRole("contract", PASSWORD);
            database = POSTGRES.createDatabase("contract", true);
            POSTGRES.psql(
                    database,
                    "grant all on database " + database + " to " + role + "; grant all on schema public to " + role);
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
}
