package com.carto.connections.databricks;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The provider contract's offline part for the OAuth methods, each secret replaced by the suite's canary in turn: the
 * parse errors, settings and clients never print the service principal's secret, the app's secret or a refresh token.
 * What the workspace answers to them is {@link DatabricksOAuthMachineToMachineTest}'s and
 * {@link DatabricksViewerCredentialsTest}'s.
 */
final class DatabricksOAuthOfflineContractTest {
    private static final String WITHOUT_WAREHOUSE =
            "the token endpoint is only reached by the OAuth tests against the fake";

    private static Map<String, Object> common() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", "dbc-a1b2c3d4-e5f6.cloud.databricks.com");
        properties.put("httpPath", "/sql/1.0/warehouses/1234567890abcdef");
        properties.put("catalog", "main");
        properties.put("clientId", "5e1f4a2b-0c3d-4e5f-8a9b-0123456789ab");
        properties.put("clientSecret", "dose-offline-secret");
        return properties;
    }

    private static Map<String, Object> user() {
        Map<String, Object> properties = common();
        properties.put("refreshToken", "dbrt-offline-refresh-token");
        return properties;
    }

    @Nested
    final class ServicePrincipalSecret extends ConnectionProviderContract {
        @Override
        protected ProviderUnderTest providerUnderTest() {
            return ProviderUnderTest.of(new DatabricksProvider(), "oauth_m2m")
                    .properties(DatabricksOAuthOfflineContractTest::common)
                    .secretProperty("clientSecret")
                    .viewerCredentialsAuthMethod("oauth_u2m")
                    .database("catalog", "carto_no_such_catalog")
                    .writableSchema("carto_temp")
                    .withoutWarehouse(WITHOUT_WAREHOUSE);
        }
    }

    @Nested
    final class UserRefreshToken extends ConnectionProviderContract {
        @Override
        protected ProviderUnderTest providerUnderTest() {
            return ProviderUnderTest.of(new DatabricksProvider(), "oauth_u2m")
                    .properties(DatabricksOAuthOfflineContractTest::user)
                    .secretProperty("refreshToken")
                    .database("catalog", "carto_no_such_catalog")
                    .writableSchema("carto_temp")
                    .withoutWarehouse(WITHOUT_WAREHOUSE);
        }
    }

    @Nested
    final class AppSecret extends ConnectionProviderContract {
        @Override
        protected ProviderUnderTest providerUnderTest() {
            return ProviderUnderTest.of(new DatabricksProvider(), "oauth_u2m")
                    .properties(DatabricksOAuthOfflineContractTest::user)
                    .secretProperty("clientSecret")
                    .database("catalog", "carto_no_such_catalog")
                    .writableSchema("carto_temp")
                    .withoutWarehouse(WITHOUT_WAREHOUSE);
        }
    }
}
