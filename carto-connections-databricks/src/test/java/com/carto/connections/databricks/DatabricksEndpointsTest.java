package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.ServerAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DatabricksEndpointsTest {
    private static final String TOKEN = "dapi-endpoints-test-token";

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", "dbc-a1b2c3d4-e5f6.cloud.databricks.com");
        properties.put("httpPath", "/sql/1.0/warehouses/1234567890abcdef");
        properties.put("catalog", "main");
        properties.put("token", TOKEN);
        return properties;
    }

    private static JdbcConnectionFactory factory(Map<String, Object> properties, Workspaces workspaces) {
        ConnectionSettings settings =
                Providers.of(new DatabricksProvider()).settings("c1", "databricks", "token", properties, Map.of());
        return DatabricksEndpoints.token(settings, new com.databricks.client.jdbc.Driver(), workspaces);
    }

    @Test
    void connectsToTheWorkspaceOverHttpsOnPort443() {
        JdbcConnectionFactory factory = factory(properties(), Workspaces.https());

        assertThat(factory.url())
                .isEqualTo("jdbc:databricks://dbc-a1b2c3d4-e5f6.cloud.databricks.com:443/default;"
                        + "httpPath=/sql/1.0/warehouses/1234567890abcdef");
        assertThat(factory.properties()).containsEntry("ssl", "1");
        assertThat(factory.address()).contains(new ServerAddress("dbc-a1b2c3d4-e5f6.cloud.databricks.com", 443));
    }

    @Test
    void usesTheStatementExecutionApiWithoutTelemetryNorLogFiles() {
        JdbcConnectionFactory factory = factory(properties(), Workspaces.https());

        assertThat(factory.properties())
                .containsEntry("useThriftClient", "0")
                .containsEntry("EnableTelemetry", "0")
                .containsEntry("LogLevel", "OFF")
                .containsEntry("LogPath", "STDOUT");
    }

    @Test
    void sendsTheTokenAsAPasswordOfAuthMech3OnlyThroughTheCredentialSource() {
        JdbcConnectionFactory factory = factory(properties(), Workspaces.https());
        Properties driverProperties = new Properties();
        factory.credentials().addCredentials(driverProperties);

        assertThat(factory.properties()).containsEntry("AuthMech", "3").containsEntry("UID", "token");
        assertThat(driverProperties).containsEntry("PWD", TOKEN);
        assertThat(factory.url()).doesNotContain(TOKEN);
        assertThat(factory.properties().values()).doesNotContain(TOKEN);
    }

    @Test
    void startsInTheCatalogAndTheSchemaWhenOneIsGiven() {
        Map<String, Object> properties = properties();
        properties.put("schema", "sales");

        assertThat(factory(properties, Workspaces.https()).properties())
                .containsEntry("ConnCatalog", "main")
                .containsEntry("ConnSchema", "sales");
    }

    @Test
    void leavesTheSchemaToTheWarehouseWhenNoneIsGiven() {
        assertThat(factory(properties(), Workspaces.https()).properties()).doesNotContainKey("ConnSchema");
    }

    @Test
    void sendsPlainHttpOnlyToAWorkspaceTheProviderWasBuiltToServeSo() {
        ServerAddress fake = new ServerAddress("127.0.0.1", 18_443);
        Workspaces workspaces = Workspaces.withPlainHttp("fake.workspace.test", fake);
        Map<String, Object> toFake = properties();
        toFake.put("host", "fake.workspace.test");

        JdbcConnectionFactory fakeFactory = factory(toFake, workspaces);
        JdbcConnectionFactory otherFactory = factory(properties(), workspaces);

        assertThat(fakeFactory.url()).startsWith("jdbc:databricks://127.0.0.1:18443/default;");
        assertThat(fakeFactory.properties()).containsEntry("ssl", "0");
        assertThat(otherFactory.properties()).containsEntry("ssl", "1");
        assertThat(otherFactory.url()).startsWith("jdbc:databricks://dbc-a1b2c3d4-e5f6.cloud.databricks.com:443/");
    }
}
