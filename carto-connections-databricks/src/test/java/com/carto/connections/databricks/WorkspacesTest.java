package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.spi.jdbc.ServerAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class WorkspacesTest {
    @Test
    void sendsOAuthCredentialsToTheWorkspacesOwnTokenEndpointOverHttps() {
        assertThat(Workspaces.https()
                        .route("dbc-a1b2c3d4-e5f6.cloud.databricks.com")
                        .tokenEndpoint())
                .isEqualTo(URI.create("https://dbc-a1b2c3d4-e5f6.cloud.databricks.com:443/oidc/v1/token"));
    }

    @Test
    void sendsThemInPlainHttpOnlyToAnAddressTheBuilderOfTheProviderDeclared() {
        Workspaces workspaces = Workspaces.withPlainHttp("fake.workspace.test", new ServerAddress("127.0.0.1", 8080));
        assertThat(workspaces.route("fake.workspace.test").tokenEndpoint())
                .isEqualTo(URI.create("http://127.0.0.1:8080/oidc/v1/token"));
        assertThat(workspaces.route("other.workspace.test").tokenEndpoint())
                .isEqualTo(URI.create("https://other.workspace.test:443/oidc/v1/token"));
    }
}
