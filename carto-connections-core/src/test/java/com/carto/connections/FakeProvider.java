package com.carto.connections;

import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.ConnectionProvider;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.util.List;

/** A provider with two auth methods and no warehouse, for the registry and schema tests. */
public class FakeProvider implements ConnectionProvider {
    static final Property<String> HOST = Property.string("host").required().describedAs("Where the fake lives");
    static final Property<Integer> PORT =
            Property.integer("port").range(1, 65_535).defaultValue(1234).describedAs("Port");
    static final Property<String> MODE =
            Property.choice("mode", "fast", "safe").defaultValue("safe").describedAs("Mode");
    static final Property<com.carto.connections.secrets.Secret> PASSWORD =
            Property.secret("password").required().describedAs("Password");
    static final Property<com.carto.connections.secrets.Secret> TOKEN =
            Property.secret("token").required().describedAs("Token");

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public String displayName() {
        return "Fake warehouse";
    }

    @Override
    public List<AuthMethod> authMethods() {
        return List.of(
                new AuthMethod("password", "Password", List.of(HOST, PORT, MODE, PASSWORD)),
                new AuthMethod("token", "Token", List.of(HOST, TOKEN)));
    }

    @Override
    public Dialect dialect() {
        return new Dialect() {};
    }

    @Override
    public WarehouseClient open(ConnectionSettings settings, ProviderContext context) {
        throw new UnsupportedOperationException("the fake provider has no warehouse");
    }

    /** Another class claiming the same id. */
    public static final class Twin extends FakeProvider {}
}
