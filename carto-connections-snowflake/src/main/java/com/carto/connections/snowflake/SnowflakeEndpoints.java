package com.carto.connections.snowflake;

import static com.carto.connections.snowflake.SnowflakeProperties.ACCOUNT;
import static com.carto.connections.snowflake.SnowflakeProperties.CLIENT_ID;
import static com.carto.connections.snowflake.SnowflakeProperties.CLIENT_SECRET;
import static com.carto.connections.snowflake.SnowflakeProperties.PASSWORD;
import static com.carto.connections.snowflake.SnowflakeProperties.PRIVATE_KEY;
import static com.carto.connections.snowflake.SnowflakeProperties.PRIVATE_KEY_PASSPHRASE;
import static com.carto.connections.snowflake.SnowflakeProperties.REFRESH_TOKEN;
import static com.carto.connections.snowflake.SnowflakeProperties.ROLE;
import static com.carto.connections.snowflake.SnowflakeProperties.SCHEMA;
import static com.carto.connections.snowflake.SnowflakeProperties.WAREHOUSE;
import static com.carto.connections.spi.jdbc.JdbcProperties.DATABASE;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.check.CheckStage;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.CheckSuspects;
import com.carto.connections.spi.jdbc.CredentialSource;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.ServerAddress;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PrivateKey;
import java.sql.Driver;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection factory of each auth method: the account's host from the host application's {@link SnowflakeHost},
 * the driver properties, the session parameters the dialect reads by, and the credentials; no secret goes into the
 * URL.
 */
final class SnowflakeEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What bounds the driver beyond a login (whose timeout the dialect gives per use): a failing HTTP call is retried
     * at most twice (the default, 7 retries with back-off, costs a minute per 5xx: notes B.6-4), and a socket read
     * waits at most 2 minutes (the service answers a long query within about 45 s with "still running", which the
     * driver then polls). Timeouts far smaller than this crash the driver's back-off (notes B.6-4).
     */
    static final Map<String, String> DEADLINES = Map.of("maxHttpRetries", "2", "networkTimeout", "120000");

    private SnowflakeEndpoints() {}

    static JdbcConnectionFactory password(ConnectionSettings settings, SnowflakeHost host, Driver driver) {
        return common(settings, host, driver)
                .credentials(CredentialSource.secret("password", settings.get(PASSWORD)))
                .suspects(suspects(USERNAME, PASSWORD))
                .build();
    }

    /** The key is decrypted here, once per client, and lives in memory only; the driver signs each login with it. */
    static JdbcConnectionFactory keyPair(ConnectionSettings settings, SnowflakeHost host, Driver driver) {
        PrivateKey key = PrivateKeys.read(
                settings.get(PRIVATE_KEY), settings.properties().find(PRIVATE_KEY_PASSPHRASE));
        return common(settings, host, driver)
                .credentials(CredentialSource.of("privateKey", () -> key))
                .suspects(suspects(USERNAME, PRIVATE_KEY, PRIVATE_KEY_PASSPHRASE))
                .build();
    }

    /**
     * The driver logs in with an access token ({@code authenticator=oauth}) that {@link OAuthTokens} refreshes from the
     * refresh token before it expires; the token endpoint is the account's own host, like the logins.
     */
    static JdbcConnectionFactory oauth(
            ConnectionSettings settings, SnowflakeHost host, Driver driver, ProviderContext context) {
        OAuthTokens tokens = new OAuthTokens(
                host.tokenEndpoint(settings.get(ACCOUNT)),
                settings.get(CLIENT_ID),
                settings.get(CLIENT_SECRET),
                settings.get(REFRESH_TOKEN),
                context.rotation(),
                context.clock());
        return common(settings, host, driver)
                .property("authenticator", "oauth")
                .credentials(CredentialSource.of("token", tokens::accessToken))
                .suspects(suspects(REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET))
                .build();
    }

    private static JdbcConnectionFactory.Builder common(
            ConnectionSettings settings, SnowflakeHost host, Driver driver) {
        String account = settings.get(ACCOUNT);
        ServerAddress address = host.address(account);
        JdbcConnectionFactory.Builder factory = JdbcConnectionFactory.builder(
                        driver, "jdbc:snowflake://" + address.authority())
                .address(address)
                .property("account", SnowflakeAccounts.driverAccount(account))
                .property("ssl", host.tls() ? "on" : "off")
                .property("db", settings.get(DATABASE))
                // The service fails the login when the database, schema or warehouse does not exist or is not
                // granted (390201), instead of a session without them whose queries fail later.
                .property("validateDefaultParameters", "true")
                // Arrow, the service's default, needs --add-opens on JDK 17 in every embedding application.
                .property("JDBC_QUERY_RESULT_FORMAT", "JSON")
                .property("QUERY_TAG", queryTag(settings))
                .properties(SnowflakeDialect.SESSION_FORMATS)
                .properties(DEADLINES);
        // An OAuth token names its user; the other methods name theirs.
        if (settings.authMethod().properties().contains(USERNAME)) {
            factory.property("user", settings.get(USERNAME));
        }
        settings.properties().find(WAREHOUSE).ifPresent(warehouse -> factory.property("warehouse", warehouse));
        settings.properties().find(ROLE).ifPresent(role -> factory.property("role", role));
        settings.properties().find(SCHEMA).ifPresent(schema -> factory.property("schema", schema));
        return factory;
    }

    /**
     * Every statement of the session carries the connection and the identity it runs as, for cost attribution in
     * {@code QUERY_HISTORY}: a pool serves one connection and one identity, so the session parameter is per query.
     */
    static String queryTag(ConnectionSettings settings) {
        Map<String, String> tag = new LinkedHashMap<>();
        tag.put("application", "carto-connections");
        tag.put("connection", settings.connectionId());
        tag.put("identity", settings.identity());
        try {
            return JSON.writeValueAsString(tag);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings did not serialize", e);
        }
    }

    private static CheckSuspects suspects(Property<?>... credentials) {
        return CheckSuspects.none()
                .with(CheckStage.RESOLVE_HOST, ACCOUNT)
                .with(CheckStage.CONNECT, ACCOUNT)
                .with(CheckStage.AUTHENTICATE, concat(credentials, ACCOUNT))
                .with(CheckStage.REACH_DATABASE, DATABASE, WAREHOUSE, SCHEMA, ROLE)
                .with(CheckStage.READ_METADATA, ROLE);
    }

    private static Property<?>[] concat(Property<?>[] first, Property<?>... more) {
        Property<?>[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
