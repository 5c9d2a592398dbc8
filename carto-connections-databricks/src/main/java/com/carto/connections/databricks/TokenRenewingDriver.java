package com.carto.connections.databricks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The driver, with OAuth access tokens renewed on open connections. The driver sends the token it was given at login
 * ({@code PWD}) with every call of the connection's life, and a pooled connection outlives an access token (an hour):
 * so before each statement, metadata call and close, a connection whose token is no longer the current one is given the
 * current one through the driver's {@code setClientInfo("Auth_AccessToken", …)}, which replaces the token of the
 * connection's API client (databricks-jdbc 3.0.1 {@code DatabricksSession.setClientInfoProperty}, which keeps
 * {@code ****} in its client info).
 */
final class TokenRenewingDriver extends DelegatingDriver {
    /** The driver property the login token travels in, and the client info property that replaces it. */
    static final String LOGIN_TOKEN = "PWD";

    static final String ACCESS_TOKEN_CLIENT_INFO = "Auth_AccessToken";

    /** The calls that reach the workspace with the connection's token. */
    private static final Set<String> RENEWED_BEFORE = Set.of(
            "createStatement",
            "prepareStatement",
            "prepareCall",
            "getMetaData",
            "setCatalog",
            "setSchema",
            "getCatalog",
            "getSchema");

    /** Calls after which nothing else is sent: renewed if possible, so an expired token does not fail the close. */
    private static final Set<String> RENEWED_BEFORE_IF_POSSIBLE = Set.of("close", "abort");

    private final Supplier<String> tokens;

    TokenRenewingDriver(Driver driver, Supplier<String> tokens) {
        super(driver);
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @Override
    public @Nullable Connection connect(String url, Properties info) throws SQLException {
        Connection connection = driver.connect(url, info);
        if (connection == null) {
            return null;
        }
        String held = info.getProperty(LOGIN_TOKEN, "");
        return (Connection) Proxy.newProxyInstance(
                TokenRenewingDriver.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Renewing(connection, held, tokens));
    }

    /** Forwards every call to the driver's connection, giving it the current token first where it will be sent. */
    private static final class Renewing implements InvocationHandler {
        private final Connection connection;
        private final Supplier<String> tokens;
        private String held;

        Renewing(Connection connection, String held, Supplier<String> tokens) {
            this.connection = connection;
            this.held = held;
            this.tokens = tokens;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments) throws Throwable {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class && name.equals("equals")) {
                return arguments != null && proxy == arguments[0];
            }
            if (RENEWED_BEFORE.contains(name)) {
                renew();
            } else if (RENEWED_BEFORE_IF_POSSIBLE.contains(name)) {
                try {
                    renew();
                } catch (ConnectionException | SQLException e) {
                    // Closing with the token it has: at worst the driver fails to end the session politely.
                }
            }
            try {
                return method.invoke(connection, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private synchronized void renew() throws SQLException {
            String current = tokens.get();
            if (!current.equals(held)) {
                connection.setClientInfo(ACCESS_TOKEN_CLIENT_INFO, current);
                held = current;
            }
        }

        @Override
        public String toString() {
            return "TokenRenewingConnection[" + connection + "]";
        }
    }
}
