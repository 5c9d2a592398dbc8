package com.carto.connections.oracle;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import com.carto.connections.testing.ProviderUnderTest.Endpoint;
import java.util.HashMap;
import java.util.Map;

/**
 * The provider contract's offline part with the real thin driver: descriptors, settings, secrets, JSON schema,
 * ServiceLoader, a client opened without the network, and the closed-port and unresolvable-host stages. No Oracle
 * server can run here (no protocol fake exists and Oracle Free needs a container engine), so the parts that need one
 * run in {@link OracleLiveTest}.
 */
final class OracleProviderTest extends ConnectionProviderContract {
    @Override
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(new OracleProvider(), "password")
                .properties(OracleProviderTest::properties)
                .secretProperty("password")
                .endpoint(Endpoint.hostAndPort("host", "port"))
                .queries(OracleQueries.CONTRACT)
                .database("serviceName", "CARTO_NO_SUCH_SERVICE")
                .writableSchema("CARTO_TEMP")
                .withoutWarehouse("no Oracle server runs offline; OracleLiveTest runs these against ORACLE_JDBC_URL");
    }

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", "127.0.0.1");
        properties.put("serviceName", "FREEPDB1");
        properties.put("username", "carto");
        properties.put("password", "offline-password");
        return properties;
    }
}
