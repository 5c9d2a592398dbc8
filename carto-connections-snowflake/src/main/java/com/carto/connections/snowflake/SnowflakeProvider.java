package com.carto.connections.snowflake;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.jdbc.JdbcConnectionFactory;
import com.carto.connections.spi.jdbc.JdbcConnectionProvider;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Snowflake through the snowflake-jdbc driver ({@code net.snowflake:snowflake-jdbc}). Provider id {@code snowflake},
 * auth methods {@code snowflake_account} (user and password, which Snowflake is deprecating for human users) and
 * {@code key_pair} (an RSA private key in PEM, optionally encrypted, handed to the driver in memory) and {@code oauth}
 * (Snowflake OAuth; per-user viewer credentials; the SDK refreshes access tokens and stores rotated refresh tokens). The account
 * identifier gives the host, {@code <account>.snowflakecomputing.com}: no setting of a connection names a host.
 * Results come as JSON; GEOGRAPHY and GEOMETRY as EWKB; write-back creates transient tables in the temp location.
 */
public final class SnowflakeProvider extends JdbcConnectionProvider {
    /** The driver's OCSP response cache; without this, it is written under the user's home directory. */
    private static final String OCSP_CACHE_PROPERTY = "net.snowflake.jdbc.ocspResponseCacheDir";

    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]");

    private final SnowflakeHost host;
    private final Driver driver;

    /** Public and without arguments, for {@link java.util.ServiceLoader}: Snowflake's public endpoints. */
    public SnowflakeProvider() {
        this(SnowflakeHost.PUBLIC);
    }

    /**
     * A provider that reaches each account under another domain over TLS, chosen by the host application (never by a
     * connection): {@code privatelink.snowflakecomputing.com} for AWS PrivateLink or Azure Private Link,
     * {@code snowflakecomputing.cn} for Snowflake in China. Register it instead of the discovered one, e.g.
     * {@code Providers.of(SnowflakeProvider.atDomain("privatelink.snowflakecomputing.com"))}.
     *
     * @param domain two or more DNS labels of letters, digits and hyphens
     * @throws InvalidConfigurationException naming {@code domain} for anything else
     */
    public static SnowflakeProvider atDomain(String domain) {
        requireNonNull(domain, "domain is null");
        if (!DOMAIN.matcher(domain).matches()) {
            throw InvalidConfigurationException.of(
                    "domain", "must be a DNS domain such as privatelink.snowflakecomputing.com");
        }
        return new SnowflakeProvider(new SnowflakeHost(domain.toLowerCase(Locale.ROOT), "", 443, true));
    }

    /** Sending every account to {@code host}, e.g. a test's protocol fake. */
    SnowflakeProvider(SnowflakeHost host) {
        super(
                "snowflake",
                "Snowflake",
                List.of(
                        SnowflakeProperties.ACCOUNT_METHOD,
                        SnowflakeProperties.KEY_PAIR_METHOD,
                        SnowflakeProperties.OAUTH_METHOD),
                SnowflakeDialect.INSTANCE,
                EnumSet.of(
                        Capability.VIEWER_CREDENTIALS,
                        Capability.WRITE_BACK,
                        Capability.SPATIAL,
                        Capability.QUERY_CANCEL));
        this.host = requireNonNull(host, "host is null");
        redirectOcspCache();
        this.driver = new net.snowflake.client.jdbc.SnowflakeDriver();
    }

    /**
     * Keeps the driver's OCSP cache out of the user's home directory (the driver writes it there even over plain
     * HTTP: notes B.1), unless the application chose a place itself with the system property or the driver's
     * {@code SF_OCSP_RESPONSE_CACHE_DIR} environment variable.
     */
    private static synchronized void redirectOcspCache() {
        if (System.getProperty(OCSP_CACHE_PROPERTY) == null && System.getenv("SF_OCSP_RESPONSE_CACHE_DIR") == null) {
            System.setProperty(
                    OCSP_CACHE_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "carto-connections-snowflake-ocsp")
                            .toString());
        }
    }

    /** Each viewer brings their own refresh token for the connection's security integration. */
    @Override
    public List<Property<?>> viewerCredentialProperties(String authMethodId) {
        if (authMethodId.equals(SnowflakeProperties.OAUTH_METHOD.id())) {
            return List.of(SnowflakeProperties.REFRESH_TOKEN);
        }
        throw new ConnectionException(
                ErrorCategory.UNSUPPORTED,
                "Snowflake " + authMethodId + " connections cannot use viewer credentials; use oauth");
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        if (settings.authMethod().equals(SnowflakeProperties.KEY_PAIR_METHOD)) {
            return SnowflakeEndpoints.keyPair(settings, host, driver);
        }
        if (settings.authMethod().equals(SnowflakeProperties.OAUTH_METHOD)) {
            return SnowflakeEndpoints.oauth(settings, host, driver, context);
        }
        return SnowflakeEndpoints.password(settings, host, driver);
    }
}
