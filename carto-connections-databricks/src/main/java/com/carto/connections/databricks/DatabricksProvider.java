package com.carto.connections.databricks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcConnectionProvider;
import java.sql.Driver;
import java.util.EnumSet;
import java.util.List;

/**
 * Databricks SQL warehouses through the open-source Databricks JDBC driver ({@code com.databricks:databricks-jdbc}
 * 3.x) over the SQL Statement Execution API. Provider id {@code databricks}, auth methods {@code token} (a personal
 * access token), {@code oauth_m2m} (a service principal's OAuth secret) and {@code oauth_u2m} (a user's OAuth refresh
 * token; per-user viewer credentials): the SDK gets OAuth access tokens from the workspace's own token endpoint,
 * renews them, and stores rotated refresh tokens. The connection starts in a Unity Catalog catalog and, optionally,
 * schema.
 */
public final class DatabricksProvider extends JdbcConnectionProvider {
    static {
        // Before the driver's HTTP client loads its loggers.
        DriverLogging.silenceShadedHttpClient();
    }

    private final Driver driver;
    private final Workspaces workspaces;

    /** Public and without arguments, for {@link java.util.ServiceLoader}. */
    public DatabricksProvider() {
        this(new com.databricks.client.jdbc.Driver(), Workspaces.https());
    }

    /** With another driver instance, or workspaces served by a protocol fake, for the tests. */
    DatabricksProvider(Driver driver, Workspaces workspaces) {
        super(
                "databricks",
                "Databricks",
                List.of(
                        DatabricksProperties.TOKEN_METHOD,
                        DatabricksProperties.OAUTH_M2M_METHOD,
                        DatabricksProperties.OAUTH_U2M_METHOD),
                DatabricksDialect.INSTANCE,
                EnumSet.of(
                        Capability.WRITE_BACK,
                        Capability.VIEWER_CREDENTIALS,
                        Capability.QUERY_CANCEL,
                        Capability.SPATIAL));
        this.driver = requireNonNull(driver, "driver is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
    }

    /** Each viewer brings their own refresh token for the connection's OAuth app. */
    @Override
    public List<Property<?>> viewerCredentialProperties(String authMethodId) {
        if (authMethodId.equals(DatabricksProperties.OAUTH_U2M_METHOD.id())) {
            return List.of(DatabricksProperties.REFRESH_TOKEN);
        }
        throw new ConnectionException(
                ErrorCategory.UNSUPPORTED,
                "Databricks " + authMethodId + " connections cannot use viewer credentials; use oauth_u2m");
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        if (settings.authMethod().equals(DatabricksProperties.OAUTH_M2M_METHOD)) {
            return DatabricksEndpoints.oauthMachineToMachine(settings, driver, workspaces, context);
        }
        if (settings.authMethod().equals(DatabricksProperties.OAUTH_U2M_METHOD)) {
            return DatabricksEndpoints.oauthUserToMachine(settings, driver, workspaces, context);
        }
        return DatabricksEndpoints.token(settings, driver, workspaces);
    }
}
