package com.carto.connections.databricks;

import static com.carto.connections.databricks.DatabricksProperties.APP_SECRET;
import static com.carto.connections.databricks.DatabricksProperties.CATALOG;
import static com.carto.connections.databricks.DatabricksProperties.CLIENT_ID;
import static com.carto.connections.databricks.DatabricksProperties.HOST;
import static com.carto.connections.databricks.DatabricksProperties.HTTP_PATH;
import static com.carto.connections.databricks.DatabricksProperties.REFRESH_TOKEN;
import static com.carto.connections.databricks.DatabricksProperties.SCHEMA;
import static com.carto.connections.databricks.DatabricksProperties.SERVICE_PRINCIPAL_SECRET;
import static com.carto.connections.databricks.DatabricksProperties.TOKEN;

import com.carto.connections.check.CheckStage;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.CheckSuspects;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import java.sql.Driver;
import java.util.Arrays;

/**
 * The connection factory of each auth method: the URL names the workspace and warehouse only; the credential goes to
 * the driver as {@code PWD} through the credential source, never into the URL: the personal access token, or an OAuth
 * access token that {@link OAuthTokens} got from the workspace's own token endpoint and {@link TokenRenewingDriver}
 * keeps current on open connections.
 */
final class DatabricksEndpoints {
    private static final CheckSuspects TOKEN_SUSPECTS = suspects(TOKEN);
    private static final CheckSuspects SERVICE_PRINCIPAL_SUSPECTS = suspects(CLIENT_ID, SERVICE_PRINCIPAL_SECRET);
    private static final CheckSuspects USER_SUSPECTS = suspects(REFRESH_TOKEN, CLIENT_ID, APP_SECRET);

    private DatabricksEndpoints() {}

    static JdbcConnectionFactory token(ConnectionSettings settings, Driver driver, Workspaces workspaces) {
        Workspaces.Route route = workspaces.route(settings.get(HOST));
        return common(settings, new ReachableFirst(driver, route.address()), route)
                .credentials(CredentialSource.secret(TokenRenewingDriver.LOGIN_TOKEN, settings.get(TOKEN)))
                .suspects(TOKEN_SUSPECTS)
                .build();
    }

    /** A service principal: access tokens from the client credentials grant, asked again before each expires. */
    static JdbcConnectionFactory oauthMachineToMachine(
            ConnectionSettings settings, Driver driver, Workspaces workspaces, ProviderContext context) {
        Workspaces.Route route = workspaces.route(settings.get(HOST));
        OAuthTokens tokens = OAuthTokens.servicePrincipal(
                route.tokenEndpoint(),
                settings.get(CLIENT_ID),
                settings.get(SERVICE_PRINCIPAL_SECRET),
                context.clock());
        return oauth(settings, driver, route, tokens)
                .suspects(SERVICE_PRINCIPAL_SUSPECTS)
                .build();
    }

    /** A user (the owner or a viewer): access tokens from their refresh token, whose replacements the SDK stores. */
    static JdbcConnectionFactory oauthUserToMachine(
            ConnectionSettings settings, Driver driver, Workspaces workspaces, ProviderContext context) {
        Workspaces.Route route = workspaces.route(settings.get(HOST));
        OAuthTokens tokens = OAuthTokens.user(
                route.tokenEndpoint(),
                settings.get(CLIENT_ID),
                settings.properties().find(APP_SECRET),
                settings.get(REFRESH_TOKEN),
                context.rotation(),
                context.clock());
        return oauth(settings, driver, route, tokens).suspects(USER_SUSPECTS).build();
    }

    private static JdbcConnectionFactory.Builder oauth(
            ConnectionSettings settings, Driver driver, Workspaces.Route route, OAuthTokens tokens) {
        return common(
                        settings,
                        new TokenRenewingDriver(new ReachableFirst(driver, route.address()), tokens::accessToken),
                        route)
                .credentials(CredentialSource.of(TokenRenewingDriver.LOGIN_TOKEN, tokens::accessToken));
    }

    private static JdbcConnectionFactory.Builder common(
            ConnectionSettings settings, Driver driver, Workspaces.Route route) {
        JdbcConnectionFactory.Builder factory = JdbcConnectionFactory.builder(
                        driver,
                        "jdbc:databricks://" + route.address().authority() + "/default;httpPath="
                                + settings.get(HTTP_PATH))
                .property("transportMode", "http")
                .property("ssl", route.tls() ? "1" : "0")
                // The SQL Statement Execution API, not Thrift: the one both the warehouse and the tests' fake speak.
                .property("useThriftClient", "0")
                .property("EnableTelemetry", "0")
                // Arrow results only where the driver can read them (DriverArrow); JSON results are checked for the
                // driver's truncation to their first chunk (CompleteRows).
                .property("EnableArrow", DriverArrow.enableArrow())
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
                // A personal access token, or an OAuth access token the SDK got: both are bearer tokens to the driver.
                .property("AuthMech", "3")
                .property("UID", "token")
                .property("ConnCatalog", settings.get(CATALOG))
                .address(route.address());
        settings.properties().find(SCHEMA).ifPresent(schema -> factory.property("ConnSchema", schema));
        return factory;
    }

    private static CheckSuspects suspects(Property<?>... credentials) {
        Property<?>[] authenticate = Arrays.copyOf(credentials, credentials.length + 1);
        authenticate[credentials.length] = HTTP_PATH;
        return CheckSuspects.none()
                .with(CheckStage.RESOLVE_HOST, HOST)
                .with(CheckStage.CONNECT, HOST, HTTP_PATH)
                .with(CheckStage.AUTHENTICATE, authenticate)
                .with(CheckStage.REACH_DATABASE, CATALOG, SCHEMA)
                .with(CheckStage.READ_METADATA, CATALOG, SCHEMA);
    }
}
