package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one client (one connection, one identity) opens its physical connections: the provider's driver instance (used
 * directly, never through {@code DriverManager}, so the class loader that happened to register a driver does not
 * matter), a URL that holds no secret, the non-secret driver properties, a {@link CredentialSource} asked for
 * credentials each time a connection opens, the server address the first check stages probe, the {@link
 * CheckSuspects}, and resources that live as long as the client's pool (a wallet directory, a token refresher) and are
 * closed with it, last first.
 *
 * <p>A provider builds one in {@link JdbcConnectionProvider#connectionFactory} without touching the network. Thread-safe.
 */
public final class JdbcConnectionFactory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcConnectionFactory.class);

    private final Driver driver;
    private final String url;
    private final Map<String, String> properties;
    private final CredentialSource credentials;
    private final Optional<ServerAddress> address;
    private final CheckSuspects suspects;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcConnectionFactory(Builder builder) {
        this.driver = builder.driver;
        this.url = builder.url;
        this.properties = Map.copyOf(builder.properties);
        this.credentials = builder.credentials;
        this.address = builder.address;
        this.suspects = builder.suspects;
        this.resources = List.copyOf(builder.resources);
    }

    /** Starts a factory for {@code url} (which must hold no secret) opened through {@code driver}. */
    public static Builder builder(Driver driver, String url) {
        return new Builder(driver, url);
    }

    /**
     * Opens one physical connection with {@code moreProperties} (timeouts of a check, say) on top of the factory's,
     * asking the credential source now: this is where secrets are revealed. A credential failure comes back as a
     * {@link SQLException} whose cause is the source's {@link ConnectionException}, so it travels through the pool.
     */
    Connection connect(Map<String, String> moreProperties) throws SQLException {
        Properties driverProperties = new Properties();
        driverProperties.putAll(properties);
        driverProperties.putAll(moreProperties);
        try {
            credentials.addCredentials(driverProperties);
        } catch (ConnectionException e) {
            throw new CredentialFailure(e);
        }
        Connection connection = driver.connect(url, driverProperties);
        if (connection == null) {
            throw new SQLException("the driver " + driver.getClass().getName() + " does not accept this URL", "08001");
        }
        return connection;
    }

    public Driver driver() {
        return driver;
    }

    /** The URL, which holds no secret. */
    public String url() {
        return url;
    }

    /** The non-secret driver properties. */
    public Map<String, String> properties() {
        return properties;
    }

    public CredentialSource credentials() {
        return credentials;
    }

    /** Where the first check stages resolve and connect; empty when the URL names no single host (the driver finds it). */
    public Optional<ServerAddress> address() {
        return address;
    }

    public CheckSuspects suspects() {
        return suspects;
    }

    /** Closes the resources, last added first; a resource that fails to close is logged and the others still close. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<AutoCloseable> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                // The class only: a resource's message could name what it protects.
                LOG.warn(
                        "A {} of {} failed to close ({})",
                        resource.getClass().getName(),
                        url,
                        e.getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcConnectionFactory[" + url + "]";
    }

    /** Builds a {@link JdbcConnectionFactory}; not thread-safe. */
    public static final class Builder {
        private final Driver driver;
        private final String url;
        private final Map<String, String> properties = new HashMap<>();
        private CredentialSource credentials = CredentialSource.none();
        private Optional<ServerAddress> address = Optional.empty();
        private CheckSuspects suspects = CheckSuspects.none();
        private final List<AutoCloseable> resources = new ArrayList<>();

        private Builder(Driver driver, String url) {
            this.driver = requireNonNull(driver, "driver is null");
            this.url = requireNonNull(url, "url is null");
        }

        /** A non-secret driver property; a secret goes through {@link #credentials}. */
        public Builder property(String key, String value) {
            properties.put(requireNonNull(key, "key is null"), requireNonNull(value, () -> key + " is null"));
            return this;
        }

        public Builder properties(Map<String, String> more) {
            more.forEach(this::property);
            return this;
        }

        public Builder credentials(CredentialSource credentials) {
            this.credentials = requireNonNull(credentials, "credentials is null");
            return this;
        }

        /** The server the URL connects to, which the first check stages resolve and connect to. */
        public Builder address(ServerAddress address) {
            this.address = Optional.of(address);
            return this;
        }

        /** The same, optional: without it the check skips name resolution (the driver finds the server itself). */
        public Builder address(Optional<ServerAddress> address) {
            this.address = requireNonNull(address, "address is null");
            return this;
        }

        public Builder suspects(CheckSuspects suspects) {
            this.suspects = requireNonNull(suspects, "suspects is null");
            return this;
        }

        /** Something that must live as long as the client's pool and be closed with it, e.g. a temporary wallet directory. */
        public Builder resource(AutoCloseable resource) {
            resources.add(requireNonNull(resource, "resource is null"));
            return this;
        }

        public JdbcConnectionFactory build() {
            return new JdbcConnectionFactory(this);
        }
    }

    /** A credential source's failure, carried through the pool as the SQLException it expects. */
    static final class CredentialFailure extends SQLException {
        private static final long serialVersionUID = 1L;

        private final ConnectionException failure;

        CredentialFailure(ConnectionException cause) {
            super(cause.getMessage(), null, 0, cause);
            this.failure = cause;
        }

        ConnectionException failure() {
            return failure;
        }
    }
}
