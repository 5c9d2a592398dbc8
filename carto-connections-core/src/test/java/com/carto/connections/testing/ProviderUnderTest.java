package com.carto.connections.testing;

import static java.util.Objects.requireNonNull;

import com.carto.connections.spi.ConnectionProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * What a provider's {@link ConnectionProviderContract} test configures, as data: the provider, how to log in to its
 * test warehouse, which property names the database and the endpoint, and a handful of queries in its dialect. The
 * suite derives everything else (a wrong secret, an unknown database, an unresolvable host, a closed port) from it,
 * so a provider's test holds no behaviour of its own.
 *
 * <pre>{@code
 * ProviderUnderTest.of(new PostgresProvider(), "password")
 *         .properties(this::loginProperties).secretProperty("password")
 *         .database("database", "no_such_database").endpoint(Endpoint.hostAndPort("host", "port"))
 *         .queries(new ContractQueries(types, point, rows -> series(rows), parameter, seconds -> sleep(seconds), lexical))
 *         .writableSchema("public")
 * }</pre>
 */
public final class ProviderUnderTest {
    // RFC 6761 reserves .invalid: it never resolves, and the lookup never leaves the machine's resolver.
    private static final String UNRESOLVABLE_HOST = "warehouse.carto-test.invalid";

    private final ConnectionProvider provider;
    private final String authMethod;
    private Supplier<Map<String, Object>> properties;
    private String secretProperty;
    private String databaseProperty;
    private String unknownDatabase;
    private Endpoint endpoint = Endpoint.none();
    private ContractQueries queries;
    private String writableSchema;
    private String viewerCredentialsAuthMethod;
    private String withoutWarehouse;
    private ClassLoader registeredIn;
    private Set<String> refusedParameters = Set.of();

    private ProviderUnderTest(ConnectionProvider provider, String authMethod) {
        this.provider = provider;
        this.authMethod = authMethod;
        this.viewerCredentialsAuthMethod = authMethod;
        this.registeredIn = provider.getClass().getClassLoader();
    }

    /** The provider, tested with one of its auth methods; the other settings follow, each returning this. */
    public static ProviderUnderTest of(ConnectionProvider provider, String authMethod) {
        return new ProviderUnderTest(
                requireNonNull(provider, "provider is null"), requireNonNull(authMethod, "authMethod is null"));
    }

    /**
     * The auth method's properties that reach the test warehouse and log in, asked for each time a test needs them
     * (so a fixture may create its database on first use).
     */
    public ProviderUnderTest properties(Supplier<Map<String, Object>> properties) {
        this.properties = requireNonNull(properties, "properties is null");
        return this;
    }

    /** The property holding the login secret (e.g. {@code password}), which the suite replaces with a canary. */
    public ProviderUnderTest secretProperty(String secretProperty) {
        this.secretProperty = requireNonNull(secretProperty, "secretProperty is null");
        return this;
    }

    /**
     * The property naming the database, project or catalog, and a value of the right shape that names none on the
     * test warehouse.
     */
    public ProviderUnderTest database(String property, String unknownValue) {
        this.databaseProperty = requireNonNull(property, "property is null");
        this.unknownDatabase = requireNonNull(unknownValue, "unknownValue is null");
        return this;
    }

    /** Where the provider's address is configured; {@link Endpoint#none()} (the default) when it has none. */
    public ProviderUnderTest endpoint(Endpoint endpoint) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        return this;
    }

    public ProviderUnderTest queries(ContractQueries queries) {
        this.queries = requireNonNull(queries, "queries is null");
        return this;
    }

    /** A schema (dataset) the test may create tables in. */
    public ProviderUnderTest writableSchema(String writableSchema) {
        this.writableSchema = requireNonNull(writableSchema, "writableSchema is null");
        return this;
    }

    /**
     * The auth method whose viewer credentials the suite reads when the provider declares them, for a provider whose
     * tested auth method takes none (BigQuery is tested with a service account; its OAuth method takes them).
     * Defaults to the tested auth method.
     */
    public ProviderUnderTest viewerCredentialsAuthMethod(String viewerCredentialsAuthMethod) {
        this.viewerCredentialsAuthMethod =
                requireNonNull(viewerCredentialsAuthMethod, "viewerCredentialsAuthMethod is null");
        return this;
    }

    /**
     * Says this run has no warehouse to reach, and why: the tests that need one are skipped with the reason, and
     * the queries are not needed.
     */
    public ProviderUnderTest withoutWarehouse(String reason) {
        this.withoutWarehouse = requireNonNull(reason, "reason is null");
        return this;
    }

    /**
     * The class loader whose {@code META-INF/services} must register the provider; defaults to the provider class's
     * own loader, which is where a provider module's registration file is.
     */
    public ProviderUnderTest registeredIn(ClassLoader registeredIn) {
        this.registeredIn = requireNonNull(registeredIn, "registeredIn is null");
        return this;
    }

    /**
     * The parameter round trips ({@code ParameterRoundTrip} names, e.g. {@code "Geometry 3D point"}) whose value the
     * warehouse cannot hold, which the provider must refuse with {@code INVALID_CONFIGURATION} naming the parameter
     * rather than change. Empty by default: every documented value must come back as it was sent.
     */
    public ProviderUnderTest refusedParameters(String... names) {
        this.refusedParameters = Set.of(names);
        return this;
    }

    Set<String> refusedParameters() {
        return refusedParameters;
    }

    ConnectionProvider provider() {
        return provider;
    }

    String authMethod() {
        return authMethod;
    }

    String viewerCredentialsAuthMethod() {
        return viewerCredentialsAuthMethod;
    }

    ClassLoader registeredIn() {
        return registeredIn;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Optional<String> withoutWarehouse() {
        return Optional.ofNullable(withoutWarehouse);
    }

    /** A fresh copy of the login properties. */
    Map<String, Object> loginProperties() {
        return new HashMap<>(required(properties, "properties").get());
    }

    String secretProperty() {
        return required(secretProperty, "secretProperty");
    }

    /** The login properties with the database, project or catalog replaced by one that does not exist. */
    Map<String, Object> unknownDatabaseProperties() {
        Map<String, Object> changed = loginProperties();
        changed.put(required(databaseProperty, "database"), unknownDatabase);
        return changed;
    }

    /** The login properties pointing at a host that does not resolve, or empty when the provider has no host. */
    Optional<Map<String, Object>> unresolvableHostProperties() {
        return pointedAt(UNRESOLVABLE_HOST, null, "https://" + UNRESOLVABLE_HOST);
    }

    /** The login properties pointing at a loopback port where nothing listens, or empty when there is no port. */
    Optional<Map<String, Object>> closedPortProperties() {
        int port = closedLoopbackPort();
        return pointedAt("127.0.0.1", port, "http://127.0.0.1:" + port);
    }

    /** The login properties with the endpoint replaced: a host and, when given, a port, or a URL. */
    private Optional<Map<String, Object>> pointedAt(String host, Integer port, String url) {
        Map<String, Object> changed = loginProperties();
        if (endpoint instanceof Endpoint.HostAndPort hostAndPort) {
            changed.put(hostAndPort.hostProperty(), host);
            if (port != null) {
                changed.put(hostAndPort.portProperty(), port);
            }
        } else if (endpoint instanceof Endpoint.Url address) {
            changed.put(address.urlProperty(), url);
        } else {
            return Optional.empty();
        }
        return Optional.of(changed);
    }

    /** The property naming where the provider connects, which a failed RESOLVE_HOST stage must suspect. */
    String hostProperty() {
        if (endpoint instanceof Endpoint.HostAndPort hostAndPort) {
            return hostAndPort.hostProperty();
        }
        if (endpoint instanceof Endpoint.Url url) {
            return url.urlProperty();
        }
        throw new IllegalStateException("the provider has no host");
    }

    /** A loopback port where nothing listens (it was free a moment ago). */
    private static int closedLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ContractQueries queries() {
        return required(queries, "queries");
    }

    String writableSchema() {
        return required(writableSchema, "writableSchema");
    }

    private <T> T required(T value, String setting) {
        if (value == null) {
            throw new IllegalStateException("the contract test of " + provider.id() + " does not configure " + setting
                    + "(...), which this test needs");
        }
        return value;
    }

    /**
     * A few queries in the provider's dialect; the suite holds the values they must return.
     *
     * @param types one row: {@code i} 42 integer, {@code d} 12.345 decimal, {@code f} 1.5 float, {@code b} true,
     *     {@code dt} 2024-02-29 date, {@code ts} 2024-02-29 12:34:56 timestamp, {@code tstz} the same instant in UTC
     *     with time zone, {@code s} 'héllo wörld' string, {@code n} a NULL integer
     * @param point one row, column {@code geom}: POINT(1.5 2.5) with SRID 4326 (unused without spatial types)
     * @param series rows 1..n in an integer column {@code n}, generated by the warehouse, in order
     * @param parameter one row, integer column {@code answer}: the first positional parameter (an integer) plus one
     * @param sleep a query that runs for at least about the given seconds
     * @param lexical one row, integer column {@code answer}: the named parameter {@code :value} (an integer) plus
     *     one, in SQL that holds {@code :x} and {@code @x} inside each kind of string literal, quoted identifier and
     *     comment of the dialect, so that only a scanner following the dialect's lexical rules binds it
     */
    public record ContractQueries(
            String types,
            String point,
            LongFunction<String> series,
            String parameter,
            LongFunction<String> sleep,
            String lexical) {
        public ContractQueries {
            requireNonNull(types, "types is null");
            requireNonNull(point, "point is null");
            requireNonNull(series, "series is null");
            requireNonNull(parameter, "parameter is null");
            requireNonNull(sleep, "sleep is null");
            requireNonNull(lexical, "lexical is null");
        }
    }

    /** Where a provider's address lives among its properties, so the suite can point it somewhere unreachable. */
    public sealed interface Endpoint {
        /** A host name property and a port property, e.g. {@code host} and {@code port}. */
        static Endpoint hostAndPort(String hostProperty, String portProperty) {
            return new HostAndPort(hostProperty, portProperty);
        }

        /** One property holding a base URL, e.g. an API endpoint. */
        static Endpoint url(String urlProperty) {
            return new Url(urlProperty);
        }

        /** The provider builds its address itself: no host to break, no port to close. */
        static Endpoint none() {
            return new None();
        }

        record HostAndPort(String hostProperty, String portProperty) implements Endpoint {
            public HostAndPort {
                requireNonNull(hostProperty, "hostProperty is null");
                requireNonNull(portProperty, "portProperty is null");
            }
        }

        record Url(String urlProperty) implements Endpoint {
            public Url {
                requireNonNull(urlProperty, "urlProperty is null");
            }
        }

        record None() implements Endpoint {}
    }
}
