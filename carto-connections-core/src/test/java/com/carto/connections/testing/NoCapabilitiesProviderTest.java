package com.carto.connections.testing;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;

/**
 * The provider contract for a provider that declares no capability and keeps the SPI's defaults, so every
 * undeclared-capability gate of the suite runs at least once in the build (the real providers declare most of them).
 * It has no warehouse: the tests that need one are skipped.
 */
final class NoCapabilitiesProviderTest extends ConnectionProviderContract {
    @Override
    protected ProviderUnderTest providerUnderTest() {
        // Registered in a directory of its own, not in META-INF/services, so that the provider modules' tests, which
        // have this test-jar on their class path, never discover it.
        URL registration = NoCapabilitiesProviderTest.class.getResource("/no-capabilities-provider/");
        return ProviderUnderTest.of(new NoCapabilitiesProvider(), "password")
                .properties(() -> Map.of("host", "warehouse.example.com", "password", "not-a-real-password"))
                .secretProperty("password")
                .withoutWarehouse("this provider has no warehouse; it exists for the undeclared-capability gates")
                .registeredIn(new URLClassLoader(
                        new URL[] {registration}, NoCapabilitiesProviderTest.class.getClassLoader()));
    }

    /** A provider with one auth method, the SPI's default capabilities (none) and a client that reaches nothing. */
    public static final class NoCapabilitiesProvider implements ConnectionProvider {
        private static final Property<String> HOST =
                Property.string("host").required().describedAs("Where the warehouse is");
        private static final Property<Secret> PASSWORD =
                Property.secret("password").required().describedAs("Password");

        @Override
        public String id() {
            return "no_capabilities";
        }

        @Override
        public String displayName() {
            return "Provider without capabilities";
        }

        @Override
        public List<AuthMethod> authMethods() {
            return List.of(new AuthMethod("password", "Password", List.of(HOST, PASSWORD)));
        }

        @Override
        public Dialect dialect() {
            return new Dialect() {};
        }

        @Override
        public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
            return new Unreachable();
        }
    }

    /** Keeps the SPI's default write-back methods; everything that would need a warehouse says there is none. */
    private static final class Unreachable implements WarehouseClient {
        @Override
        public CheckReport check(CheckOptions options) {
            throw noWarehouse();
        }

        @Override
        public QueryResult query(Query query) {
            throw noWarehouse();
        }

        @Override
        public long execute(Query statement) {
            throw noWarehouse();
        }

        @Override
        public Catalog catalog() {
            throw noWarehouse();
        }

        @Override
        public void close() {}

        private static ConnectionException noWarehouse() {
            return new ConnectionException(ErrorCategory.UNAVAILABLE, "this test provider has no warehouse");
        }
    }
}
