package com.carto.connections.bigquery;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.google.auth.http.HttpTransportFactory;
import com.google.cloud.http.HttpTransportOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Google BigQuery through the google-cloud-bigquery client (REST, not JDBC). Provider id {@code bigquery}, auth
 * methods {@code service_account} (a JSON key), {@code oauth} (a user's refresh or access token; per-user viewer
 * credentials) and {@code workload_identity_federation} (an external account configuration; per-user viewer
 * credentials). Every method needs the billing project that runs the jobs. Queries are jobs whose results are read
 * page by page from {@code tabledata.list}; the Storage Read API is never used. Where requests and credentials go
 * is the host application's choice ({@link BigQueryEndpoints}), never a connection's.
 */
public final class BigQueryProvider implements ConnectionProvider {
    static final AuthMethod SERVICE_ACCOUNT_METHOD =
            new AuthMethod("service_account", "Service account key", BigQueryProperties.SERVICE_ACCOUNT_METHOD);
    // Personal: a user account's token is shared only as viewer credentials, so nobody else acts as its owner.
    static final AuthMethod OAUTH_METHOD =
            AuthMethod.personal("oauth", "OAuth (user account)", BigQueryProperties.OAUTH_METHOD);
    static final AuthMethod WORKLOAD_IDENTITY_METHOD = new AuthMethod(
            "workload_identity_federation",
            "Workload identity federation",
            BigQueryProperties.WORKLOAD_IDENTITY_METHOD);

    private final BigQueryEndpoints endpoints;
    private final HttpTransportFactory transports;

    /** Public and without arguments, for {@link java.util.ServiceLoader}: Google's public endpoints. */
    public BigQueryProvider() {
        this(BigQueryEndpoints.google());
    }

    /**
     * Sending requests and credentials to the host application's {@code endpoints}, e.g. private or regional ones.
     * No connection setting can change them.
     */
    public BigQueryProvider(BigQueryEndpoints endpoints) {
        this(endpoints, new HttpTransportOptions.DefaultHttpTransportFactory());
    }

    /** With another HTTP transport for the API and the token endpoints, e.g. one a test routes to its fake. */
    BigQueryProvider(BigQueryEndpoints endpoints, HttpTransportFactory transports) {
        this.endpoints = requireNonNull(endpoints, "endpoints is null");
        this.transports = requireNonNull(transports, "transports is null");
    }

    @Override
    public String id() {
        return "bigquery";
    }

    @Override
    public String displayName() {
        return "Google BigQuery";
    }

    @Override
    public List<AuthMethod> authMethods() {
        return List.of(SERVICE_ACCOUNT_METHOD, OAUTH_METHOD, WORKLOAD_IDENTITY_METHOD);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(
                Capability.VIEWER_CREDENTIALS, Capability.WRITE_BACK, Capability.SPATIAL, Capability.QUERY_CANCEL);
    }

    @Override
    public Dialect dialect() {
        return BigQueryDialect.INSTANCE;
    }

    /** Each viewer brings their own token, or their own external account configuration; a key is never per user. */
    @Override
    public List<Property<?>> viewerCredentialProperties(String authMethodId) {
        if (authMethodId.equals(OAUTH_METHOD.id())) {
            return List.of(BigQueryProperties.REFRESH_TOKEN, BigQueryProperties.ACCESS_TOKEN);
        }
        if (authMethodId.equals(WORKLOAD_IDENTITY_METHOD.id())) {
            return List.of(BigQueryProperties.CREDENTIAL_CONFIGURATION);
        }
        throw new ConnectionException(
                ErrorCategory.UNSUPPORTED,
                "BigQuery " + authMethodId
                        + " connections cannot use viewer credentials; use oauth or workload_identity_federation");
    }

    @Override
    public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
        BigQueryCredentials.validate(settings);
        return new BigQueryWarehouseClient(settings, context, endpoints, transports);
    }

    @Override
    public String toString() {
        return "BigQueryProvider";
    }
}
