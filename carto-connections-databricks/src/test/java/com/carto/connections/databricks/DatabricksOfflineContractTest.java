package com.carto.connections.databricks;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import java.util.HashMap;
import java.util.Map;

/** The provider contract's offline part with the real driver: descriptors, settings, secrets, ServiceLoader. */
final class DatabricksOfflineContractTest extends ConnectionProviderContract {
    @Override
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(new DatabricksProvider(), "token")
                .properties(DatabricksOfflineContractTest::properties)
                .secretProperty("token")
                .viewerCredentialsAuthMethod("oauth_u2m")
                .database("catalog", "carto_no_such_catalog")
                .writableSchema("carto_temp")
                .withoutWarehouse("the workspace is only reached by DatabricksProviderTest (the fake)");
    }

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", "dbc-a1b2c3d4-e5f6.cloud.databricks.com");
        properties.put("httpPath", "/sql/1.0/warehouses/1234567890abcdef");
        properties.put("catalog", "main");
        properties.put("token", "dapi-offline-token");
        return properties;
    }
}
