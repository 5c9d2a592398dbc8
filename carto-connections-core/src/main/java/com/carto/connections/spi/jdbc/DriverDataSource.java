package com.carto.connections.spi.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The pool's view of a {@link JdbcConnectionFactory}: each physical connection asks the factory, with fixed extra
 * properties, and is waited for no longer than the login deadline, so that a server that accepts and never answers
 * fails the call that needed the connection with a timeout instead of holding it.
 */
final class DriverDataSource implements DataSource {
    private final JdbcConnectionFactory factory;
    private final Map<String, String> moreProperties;
    private final Duration loginDeadline;
    private final LoginFailures failures;

    DriverDataSource(
            JdbcConnectionFactory factory,
            Map<String, String> moreProperties,
            Duration loginDeadline,
            LoginFailures failures) {
        this.factory = factory;
        this.moreProperties = Map.copyOf(moreProperties);
        this.loginDeadline = loginDeadline;
        this.failures = failures;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long began = System.nanoTime();
        try {
            Connection connection = BoundedLogin.open(
                    factory,
                    moreProperties,
                    loginDeadline,
                    "carto-pool-login",
                    "no login within the connection's queryTimeout of " + loginDeadline.toMillis() + " ms");
            failures.succeeded();
            return connection;
        } catch (SQLException e) {
            failures.failed(began, e);
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the connection's settings");
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        // HikariCP waits this long for its connection-adding executor on shutdown; zero makes it warn needlessly.
        return JdbcDialect.wholeSeconds(loginDeadline);
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }

    @Override
    public String toString() {
        return "DriverDataSource[" + factory.url() + "]";
    }
}
