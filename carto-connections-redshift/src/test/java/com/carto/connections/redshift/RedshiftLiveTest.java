package com.carto.connections.redshift;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import com.carto.connections.testing.ProviderUnderTest.Endpoint;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The provider contract against a real Redshift cluster, with the plain driver. Runs only when
 * {@code REDSHIFT_JDBC_URL} ({@code jdbc:redshift://host:5439/database}), {@code REDSHIFT_USER} and
 * {@code REDSHIFT_PASSWORD} are set; {@code REDSHIFT_SCHEMA} (default {@code public}) is where it writes tables and
 * {@code REDSHIFT_SSL_MODE} (default {@code verify-ca}) its TLS mode.
 */
@EnabledIfEnvironmentVariable(named = "REDSHIFT_JDBC_URL", matches = ".+")
final class RedshiftLiveTest extends ConnectionProviderContract {
    @Override
    protected ProviderUnderTest providerUnderTest() {
        return ProviderUnderTest.of(new RedshiftProvider(), "password")
                .properties(RedshiftLiveTest::loginProperties)
                .secretProperty("password")
                .endpoint(Endpoint.hostAndPort("host", "port"))
                .queries(RedshiftQueries.CONTRACT)
                .database("database", "carto_no_such_database")
                .writableSchema(environment("REDSHIFT_SCHEMA").orElse("public"));
    }

    private static Map<String, Object> loginProperties() {
        URI uri = URI.create(required("REDSHIFT_JDBC_URL").substring("jdbc:".length()));
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", uri.getHost());
        if (uri.getPort() > 0) {
            properties.put("port", uri.getPort());
        }
        properties.put("database", uri.getPath().substring(1));
        properties.put("username", required("REDSHIFT_USER"));
        properties.put("password", required("REDSHIFT_PASSWORD"));
        properties.put("sslMode", environment("REDSHIFT_SSL_MODE").orElse("verify-ca"));
        return properties;
    }

    private static String required(String name) {
        return environment(name).orElseThrow(() -> new IllegalStateException(name + " must be set for the live test"));
    }

    private static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
