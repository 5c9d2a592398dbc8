package com.carto.connections.cli;

import com.carto.connections.Connections;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An open {@link Connections} over the store the options name, with the key ring from the environment when
 * {@code CARTO_CONNECTIONS_KEYS} is set; closed with the command.
 */
final class Session implements AutoCloseable {
    static final String STORE_VARIABLE = "CARTO_CONNECTIONS_STORE";
    static final String STORE_USER_VARIABLE = "CARTO_CONNECTIONS_STORE_USER";
    static final String STORE_PASSWORD_VARIABLE = "CARTO_CONNECTIONS_STORE_PASSWORD";
    static final String KEYS_VARIABLE = "CARTO_CONNECTIONS_KEYS";

    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    // A password in the URL would show in process listings and shell history, and could reach a message.
    private static final Pattern PASSWORD_IN_URL =
            Pattern.compile("[?&;]password=|//[^/?#]*@", Pattern.CASE_INSENSITIVE);

    private final Connections connections;
    private final @Nullable HikariDataSource pool;

    private Session(Connections connections, @Nullable HikariDataSource pool) {
        this.connections = connections;
        this.pool = pool;
    }

    static Session open(StoreOptions options, Terminal terminal) {
        String store = options.store != null
                ? options.store
                : terminal.variable(STORE_VARIABLE)
                        .orElseThrow(() -> InvalidConfigurationException.of(
                                "--store", "is required (or set " + STORE_VARIABLE + ")"));
        if (store.isBlank()) {
            throw InvalidConfigurationException.of("--store", "must not be blank");
        }
        boolean keysFromEnvironment = terminal.variable(KEYS_VARIABLE).isPresent();
        if (store.toLowerCase(Locale.ROOT).startsWith(POSTGRES_PREFIX)) {
            return openPostgres(store, options, terminal);
        }
        if (store.contains("://")) {
            throw InvalidConfigurationException.of(
                    "--store", "must be a directory or a jdbc:postgresql:// URL; other databases are not stores");
        }
        Connections.Builder builder = Connections.builder().embedded(directory(store));
        if (keysFromEnvironment) {
            builder.keys(KeyRing.fromEnvironment());
        }
        return new Session(builder.build(), null);
    }

    private static Session openPostgres(String url, StoreOptions options, Terminal terminal) {
        if (PASSWORD_IN_URL.matcher(url).find()) {
            throw InvalidConfigurationException.of(
                    "--store",
                    "must not carry a password or user information; set " + STORE_PASSWORD_VARIABLE
                            + " and --store-user instead");
        }
        if (terminal.variable(KEYS_VARIABLE).isEmpty()) {
            throw InvalidConfigurationException.of(
                    KEYS_VARIABLE, "is required with a PostgreSQL store, which has no key file beside it");
        }
        KeyRing keys = KeyRing.fromEnvironment();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        String user = options.storeUser != null
                ? options.storeUser
                : terminal.variable(STORE_USER_VARIABLE).orElse(null);
        if (user != null) {
            config.setUsername(user);
        }
        terminal.variable(STORE_PASSWORD_VARIABLE).ifPresent(config::setPassword);
        config.setPoolName("carto-connections-cli-store");
        config.setMaximumPoolSize(4);
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return new Session(
                    Connections.builder()
                            .store(ConnectionStore.postgres(pool))
                            .keys(keys)
                            .build(),
                    pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static Path directory(String store) {
        try {
            return Path.of(store);
        } catch (InvalidPathException e) {
            throw InvalidConfigurationException.of("--store", "is not a valid directory path");
        }
    }

    Connections connections() {
        return connections;
    }

    @Override
    public void close() {
        try {
            connections.close();
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
