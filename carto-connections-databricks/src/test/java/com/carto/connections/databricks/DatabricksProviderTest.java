package com.carto.connections.databricks;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.spi.jdbc.ServerAddress;
import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** The provider contract with the real driver against the statement execution fake (H2 underneath). */
final class DatabricksProviderTest extends ConnectionProviderContract {
    static final String TOKEN = "dapi-fake-workspace-token";
    static final String WAREHOUSE = "abc123def4567890";
    static final String WORKSPACE = "fake.workspace.test";

    private final StatementExecutionFake fake = StatementExecutionFake.start(TOKEN, WAREHOUSE, Set.of("main"));

    @Override
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(provider(fake), "token")
                .properties(DatabricksProviderTest::properties)
                .secretProperty("token")
                .viewerCredentialsAuthMethod("oauth_u2m")
                .queries(DatabricksQueries.CONTRACT)
                .database("catalog", "carto_no_such_catalog")
                .writableSchema("carto_temp")
                .refusedParameters("LocalTime", "LocalTime midnight");
    }

    static DatabricksProvider provider(StatementExecutionFake fake) {
        return new DatabricksProvider(
                new com.databricks.client.jdbc.Driver(),
                Workspaces.withPlainHttp(WORKSPACE, new ServerAddress("127.0.0.1", fake.port())));
    }

    static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", WORKSPACE);
        properties.put("httpPath", "/sql/1.0/warehouses/" + WAREHOUSE);
        properties.put("catalog", "main");
        properties.put("token", TOKEN);
        return properties;
    }

    @AfterAll
    void stopFake() {
        fake.close();
    }
}
