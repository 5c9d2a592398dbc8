package com.carto.connections.redshift;

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
 * Amazon Redshift through the Redshift JDBC driver ({@code com.amazon.redshift:redshift-jdbc42}). Provider id
 * {@code redshift}, auth methods {@code password} and {@code iam} (temporary credentials from an AWS access key;
 * needs the AWS SDK for Java 1.x on the classpath). Results stream with autocommit off and a fetch size; GEOMETRY
 * and GEOGRAPHY columns are fetched as binary EWKB.
 */
public final class RedshiftProvider extends JdbcConnectionProvider {
    private final Driver driver;

    /** Public and without arguments, for {@link java.util.ServiceLoader}. */
    public RedshiftProvider() {
        this(new com.amazon.redshift.Driver());
    }

    /** With another driver instance, e.g. one that the tests wrap. */
    RedshiftProvider(Driver driver) {
        super(
                "redshift",
                "Amazon Redshift",
                List.of(RedshiftProperties.PASSWORD_METHOD, RedshiftProperties.IAM_METHOD),
                RedshiftDialect.INSTANCE,
                EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL, Capability.QUERY_CANCEL));
        this.driver = requireNonNull(driver, "driver is null");
    }

    @Override
    protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
        if (!settings.authMethod().equals(RedshiftProperties.IAM_METHOD)) {
            return RedshiftEndpoints.password(settings, driver);
        }
        JdbcConnectionFactory factory = RedshiftEndpoints.iam(settings, driver);
        RedshiftEndpoints.requireAwsSdk(driver);
        return factory;
    }
}
