package com.carto.connections.oracle;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import com.carto.connections.testing.ProviderUnderTest.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The whole provider contract against a real Oracle Database (e.g. Oracle Free 23ai in a container). Runs only when
 * {@code ORACLE_JDBC_URL} is set, with {@code ORACLE_USER} and {@code ORACLE_PASSWORD}: an EZConnect URL
 * ({@code jdbc:oracle:thin:@//host:1521/FREEPDB1}) tests the {@code password} method with host, port and service
 * name; a descriptor ({@code jdbc:oracle:thin:@(DESCRIPTION=…)}) the same method with {@code connectDescriptor};
 * an alias ({@code jdbc:oracle:thin:@mydb_high}) the {@code wallet} method with the zip in {@code ORACLE_WALLET}
 * (and {@code ORACLE_WALLET_PASSWORD} for an ewallet.p12). {@code ORACLE_SCHEMA} (default {@code CARTO_TEMP}) is
 * where it writes tables.
 */
@EnabledIfEnvironmentVariable(named = "ORACLE_JDBC_URL", matches = ".+")
final class OracleLiveTest extends ConnectionProviderContract {
    private static final String PREFIX = "jdbc:oracle:thin:@";

    @Override
    protected ProviderUnderTest providerUnderTest() {
        String target = target();
        if (target.startsWith("//")) {
            return common(ProviderUnderTest.of(new OracleProvider(), "password"))
                    .endpoint(Endpoint.hostAndPort("host", "port"))
                    .database("serviceName", "CARTO_NO_SUCH_SERVICE");
        }
        if (target.startsWith("(")) {
            return common(ProviderUnderTest.of(new OracleProvider(), "password"))
                    .database(
                            "connectDescriptor", target.replaceAll("(?i)SERVICE_NAME=[^)]*", "SERVICE_NAME=CARTO_NO"));
        }
        return common(ProviderUnderTest.of(new OracleProvider(), "wallet")).database("tnsAlias", "carto_no_such_alias");
    }

    private static ProviderUnderTest common(ProviderUnderTest subject) {
        return subject.properties(OracleLiveTest::loginProperties)
                .secretProperty("password")
                .queries(OracleQueries.CONTRACT)
                .writableSchema(environment("ORACLE_SCHEMA").orElse("CARTO_TEMP"));
    }

    private static Map<String, Object> loginProperties() {
        String target = target();
        Map<String, Object> properties = new HashMap<>();
        if (target.startsWith("//")) {
            URI uri = URI.create("oracle:" + target);
            properties.put("host", uri.getHost());
            if (uri.getPort() > 0) {
                properties.put("port", uri.getPort());
            }
            properties.put("serviceName", uri.getPath().substring(1));
        } else if (target.startsWith("(")) {
            properties.put("connectDescriptor", target);
        } else {
            properties.put("tnsAlias", target);
            properties.put("wallet", walletBase64());
            environment("ORACLE_WALLET_PASSWORD").ifPresent(password -> properties.put("walletPassword", password));
        }
        properties.put("username", required("ORACLE_USER"));
        properties.put("password", required("ORACLE_PASSWORD"));
        return properties;
    }

    private static String target() {
        String url = required("ORACLE_JDBC_URL");
        if (!url.startsWith(PREFIX)) {
            throw new IllegalStateException("ORACLE_JDBC_URL must start with " + PREFIX);
        }
        return url.substring(PREFIX.length());
    }

    private static String walletBase64() {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(required("ORACLE_WALLET"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String name) {
        return environment(name).orElseThrow(() -> new IllegalStateException(name + " must be set for the live test"));
    }

    private static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
