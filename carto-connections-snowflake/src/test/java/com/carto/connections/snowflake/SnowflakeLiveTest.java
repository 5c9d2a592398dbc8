package com.carto.connections.snowflake;

import com.carto.connections.testing.ConnectionProviderContract;
import com.carto.connections.testing.ProviderUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The provider contract against real Snowflake, with the same Snowflake SQL as the fake's run: it shows where the fake
 * and the service drift. It runs only when {@code SNOWFLAKE_ACCOUNT} is set, with {@code SNOWFLAKE_USER},
 * {@code SNOWFLAKE_DATABASE} and either {@code SNOWFLAKE_PRIVATE_KEY_FILE} (a PKCS#8 PEM file; with
 * {@code SNOWFLAKE_PRIVATE_KEY_PASSPHRASE} when encrypted) or {@code SNOWFLAKE_PASSWORD}; optionally
 * {@code SNOWFLAKE_WAREHOUSE}, {@code SNOWFLAKE_ROLE} and {@code SNOWFLAKE_SCHEMA} (the writable schema, default
 * {@code PUBLIC}). Without them JUnit reports it skipped, naming the variable.
 */
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_ACCOUNT", matches = ".+")
final class SnowflakeLiveTest extends ConnectionProviderContract {
    @Override
    protected ProviderUnderTest providerUnderTest() {
        boolean keyPair = env("SNOWFLAKE_PRIVATE_KEY_FILE").isPresent();
        return ProviderUnderTest.of(new SnowflakeProvider(), keyPair ? "key_pair" : "snowflake_account")
                .properties(() -> properties(keyPair))
                .parameterTypesPending(SnowflakeQueries.PARAMETER_TYPES_PENDING)
                .secretProperty(keyPair ? "privateKey" : "password")
                .database("database", "NO_SUCH_DATABASE_CARTO_TEST")
                .queries(SnowflakeQueries.CONTRACT)
                .writableSchema(env("SNOWFLAKE_SCHEMA").orElse("PUBLIC"));
    }

    private static Map<String, Object> properties(boolean keyPair) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account", env("SNOWFLAKE_ACCOUNT").orElseThrow());
        properties.put("username", env("SNOWFLAKE_USER").orElseThrow());
        properties.put("database", env("SNOWFLAKE_DATABASE").orElseThrow());
        env("SNOWFLAKE_WAREHOUSE").ifPresent(value -> properties.put("warehouse", value));
        env("SNOWFLAKE_ROLE").ifPresent(value -> properties.put("role", value));
        env("SNOWFLAKE_SCHEMA").ifPresent(value -> properties.put("schema", value));
        if (keyPair) {
            try {
                properties.put(
                        "privateKey",
                        Files.readString(
                                Path.of(env("SNOWFLAKE_PRIVATE_KEY_FILE").orElseThrow())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            env("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE").ifPresent(value -> properties.put("privateKeyPassphrase", value));
        } else {
            properties.put("password", env("SNOWFLAKE_PASSWORD").orElseThrow());
        }
        return properties;
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
