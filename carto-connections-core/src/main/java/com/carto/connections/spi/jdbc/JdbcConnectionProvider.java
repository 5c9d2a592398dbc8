package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The base of every JDBC provider. A subclass gives its descriptor to the constructor (id, name, auth methods with
 * their properties, dialect, capabilities) and implements one method, {@link #connectionFactory}: how validated
 * settings become a {@link JdbcConnectionFactory}. The base owns everything else, the same for every JDBC warehouse:
 * the pool, streaming, cancellation, row and byte limits, deadlines, the staged check, write-back and the catalog.
 *
 * <p>{@link Capability#SPATIAL} makes the base read geometry columns through {@link JdbcDialect#geometryRead};
 * {@link Capability#WRITE_BACK} enables {@code createTable}/{@code dropTable}, which fail with {@code UNSUPPORTED}
 * without it. A subclass is {@code public final} with a public no-argument constructor for {@link java.util.ServiceLoader};
 * like every provider it is stateless and thread-safe.
 */
public abstract class JdbcConnectionProvider implements ConnectionProvider {
    private final String id;
    private final String displayName;
    private final List<AuthMethod> authMethods;
    private final JdbcDialect dialect;
    private final Set<Capability> capabilities;

    /**
     * @param id stable lower-case id, e.g. {@code postgres}
     * @param displayName what a user sees, e.g. {@code PostgreSQL}
     * @param authMethods at least one, the default first: the provider's property catalogue
     * @param dialect the SQL and driver knowledge of the warehouse
     * @param capabilities what the provider declares; see the class comment for what the base does with them
     */
    protected JdbcConnectionProvider(
            String id,
            String displayName,
            List<AuthMethod> authMethods,
            JdbcDialect dialect,
            Set<Capability> capabilities) {
        this.id = requireNonNull(id, "id is null");
        this.displayName = requireNonNull(displayName, "displayName is null");
        this.authMethods = List.copyOf(authMethods);
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        if (this.authMethods.isEmpty()) {
            throw new IllegalArgumentException("provider " + id + " declares no auth method");
        }
        if (dialect.lexicalRules().has(LexicalRules.Feature.AT_NAMED_PARAMETERS)) {
            throw new IllegalArgumentException("provider " + id
                    + ": JDBC binds parameters by position, so its lexical rules cannot keep @name" + " parameters");
        }
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    @Override
    public final List<AuthMethod> authMethods() {
        return authMethods;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final JdbcDialect dialect() {
        return dialect;
    }

    /**
     * Opens a client on the provider's connection factory; touches no network, so a client can be created for a
     * warehouse that is down. The factory's resources are closed with the client.
     */
    @Override
    public final WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        if (!authMethods.contains(settings.authMethod())) {
            throw new IllegalArgumentException("settings were parsed against auth method "
                    + settings.authMethod().id() + ", which is not one of " + displayName + "'s");
        }
        JdbcConnectionFactory factory =
                requireNonNull(connectionFactory(settings, context), "connectionFactory returned null");
        return new JdbcWarehouseClient(settings, context, factory, dialect, capabilities);
    }

    /**
     * How validated settings, for one connection and one identity, become the factory of its physical connections:
     * driver, URL, driver properties, credential source, server address, check suspects and pool-long resources. It
     * must not touch the network (a resource such as a temporary file is fine). Settings that are valid one by one
     * but not together fail here with {@link com.carto.connections.error.InvalidConfigurationException} naming the
     * properties; a missing optional library fails with {@code UNSUPPORTED}.
     *
     * @param context the SDK's scheduler and clock, and what a credential source needs from the SDK
     */
    protected abstract JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context);

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
