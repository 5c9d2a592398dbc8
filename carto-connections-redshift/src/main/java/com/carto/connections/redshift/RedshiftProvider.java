package com.carto.connections.redshift;

import static java.util.Objects.requireNonNull;

import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.spi.jdbc.JdbcEndpoint;
import com.carto.connections.spi.jdbc.JdbcWarehouseClient;
import java.sql.Driver;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Amazon Redshift through the Redshift JDBC driver ({@code com.amazon.redshift:redshift-jdbc42}). Provider id
 * {@code redshift}, auth methods {@code password} and {@code iam} (temporary credentials from an AWS access key;
 * needs the AWS SDK for Java 1.x on the classpath). Results stream with autocommit off and a fetch size; GEOMETRY
 * and GEOGRAPHY columns are fetched as binary EWKB.
 */
public final class RedshiftProvider implements ConnectionProvider {
    static final AuthMethod PASSWORD_METHOD = new AuthMethod("password", "User and password", RedshiftProperties.PASSWORD_METHOD);
    static final AuthMethod IAM_METHOD = new AuthMethod("iam", "AWS IAM credentials", RedshiftProperties.IAM_METHOD);

    private final Driver driver;

    /** Public and without arguments, for {@link java.util.ServiceLoader}. */
    public RedshiftProvider() {
        this(new com.amazon.redshift.Driver());
    }

    /** With another driver instance, e.g. one that the tests wrap. */
    RedshiftProvider(Driver driver) {
        this.driver = requireNonNull(driver, "driver is null");
    }

    @Override
    public String id() {
        return "redshift";
    }

    @Override
    public String displayName() {
        return "Amazon Redshift";
    }

    @Override
    public List<AuthMethod> authMethods() {
        return List.of(PASSWORD_METHOD, IAM_METHOD);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL, Capability.QUERY_CANCEL);
    }

    @Override
    public Dialect dialect() {
        return RedshiftDialect.INSTANCE;
    }

    @Override
    public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
        return JdbcWarehouseClient.create(settings, context, endpoint(settings), RedshiftDialect.INSTANCE, true);
    }

    JdbcEndpoint endpoint(ConnectionSettings settings) {
        if (settings.authMethod().id().equals(IAM_METHOD.id())) {
            JdbcEndpoint endpoint = RedshiftEndpoints.iam(settings, driver);
            RedshiftEndpoints.requireAwsSdk(driver);
            return endpoint;
        }
        return RedshiftEndpoints.password(settings, driver);
    }

    @Override
    public String toString() {
        return "RedshiftProvider";
    }
}
