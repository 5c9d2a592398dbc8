package com.carto.connections.databricks;

import static com.carto.connections.databricks.DatabricksProperties.CATALOG;
import static com.carto.connections.databricks.DatabricksProperties.HOST;
import static com.carto.connections.databricks.DatabricksProperties.HTTP_PATH;
import static com.carto.connections.databricks.DatabricksProperties.SCHEMA;
import static com.carto.connections.databricks.DatabricksProperties.TOKEN;

import com.carto.connections.check.CheckStage;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.jdbc.CheckSuspects;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import java.sql.Driver;

/**
 * The connection factory of the {@code token} auth method: the URL names the workspace and warehouse only, the token
 * goes to the driver as {@code PWD} through the credential source, never into the URL.
 */
final class DatabricksEndpoints {
    private static final CheckSuspects TOKEN_SUSPECTS = CheckSuspects.none()
            .with(CheckStage.RESOLVE_HOST, HOST)
            .with(CheckStage.CONNECT, HOST, HTTP_PATH)
            .with(CheckStage.AUTHENTICATE, TOKEN, HTTP_PATH)
            .with(CheckStage.REACH_DATABASE, CATALOG, SCHEMA)
            .with(CheckStage.READ_METADATA, CATALOG, SCHEMA);

    private DatabricksEndpoints() {}

    static JdbcConnectionFactory token(ConnectionSettings settings, Driver driver, Workspaces workspaces) {
        Workspaces.Route route = workspaces.route(settings.get(HOST));
        JdbcConnectionFactory.Builder factory = JdbcConnectionFactory.builder(
                        new ReachableFirst(driver, route.address()),
                        "jdbc:databricks://" + route.address().authority() + "/default;httpPath="
                                + settings.get(HTTP_PATH))
                .property("transportMode", "http")
                .property("ssl", route.tls() ? "1" : "0")
                // The SQL Statement Execution API, not Thrift: the one both the warehouse and the tests' fake speak.
                .property("useThriftClient", "0")
                .property("EnableTelemetry", "0")
                // Databricks commits every statement; the SDK turns autocommit off to stream, which the driver refuses.
                .property("IgnoreTransactions", "1")
                // databricks-jdbc 3.0.1 opens a JUL FileHandler whatever the level, in LogPath or else the working
                // directory (databricks_jdbc.log.0, notes part E); STDOUT is the one LogPath that opens no file, and
                // at level OFF it prints nothing.
                .property("LogLevel", "OFF")
                .property("LogPath", "STDOUT")
                .property("UserAgentEntry", "carto-connections")
                // With 1 the driver writes parameter values into the SQL, unquoted (a date becomes arithmetic, notes
                // part E): parameters stay typed parameters of the API.
                .property("supportManyParameters", "0")
                .property("AuthMech", "3")
                .property("UID", "token")
                .property("ConnCatalog", settings.get(CATALOG))
                .credentials(CredentialSource.secret("PWD", settings.get(TOKEN)))
                .address(route.address())
                .suspects(TOKEN_SUSPECTS);
        settings.properties().find(SCHEMA).ifPresent(schema -> factory.property("ConnSchema", schema));
        return factory.build();
    }
}
