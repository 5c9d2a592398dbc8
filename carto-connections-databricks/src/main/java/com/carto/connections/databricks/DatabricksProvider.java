package com.carto.connections.databricks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcConnectionProvider;
import java.sql.Driver;
import java.util.EnumSet;
import java.util.List;

/**
 * Databricks SQL warehouses through the open-source Databricks JDBC driver ({@code com.databricks:databricks-jdbc}
 * 3.x) over the SQL Statement Execution API. Provider id {@code databricks}, auth method {@code token} (a personal
 * access token); the connection starts in a Unity Catalog catalog and, optionally, schema.
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
                List.of(DatabricksProperties.TOKEN_METHOD),
                DatabricksDialect.INSTANCE,
                EnumSet.of(Capability.WRITE_BACK, Capability.QUERY_CANCEL));
        this.driver = requireNonNull(driver, "driver is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        return DatabricksEndpoints.token(settings, driver, workspaces);
    }
}
