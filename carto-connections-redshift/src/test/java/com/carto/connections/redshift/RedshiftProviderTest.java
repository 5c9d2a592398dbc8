package com.carto.connections.redshift;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.ProviderUnderTest;
import com.carto.connections.testing.ProviderUnderTest.Endpoint;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider contract with the real Redshift driver against PostgreSQL 15 + PostGIS, through the startup proxy.
 * Every query is Redshift SQL that PostgreSQL also runs, the same as the live test's.
 */
final class RedshiftProviderTest extends ConnectionProviderContract {
    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    @Override
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(RedshiftStandIn.provider(), "password")
                .properties(RedshiftStandIn::passwordProperties)
                .secretProperty("password")
                .endpoint(Endpoint.hostAndPort("host", "port"))
                .queries(RedshiftQueries.CONTRACT)
                .database("database", "no_such_database")
                .writableSchema("public");
    }
}
