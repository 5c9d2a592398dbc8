package com.carto.connections.spi.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Opens physical connections straight from the provider's driver instance, so the pool never depends on
 * {@code DriverManager} and the class loader that happened to register the driver.
 */
final class DriverDataSource implements DataSource {
    private static final int LOGIN_TIMEOUT_SECONDS = 10;

    private final JdbcEndpoint endpoint;

    DriverDataSource(JdbcEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = endpoint.driverProperties();
        Connection connection = endpoint.driver().connect(endpoint.url(), properties);
        if (connection == null) {
            throw new SQLException("the driver " + endpoint.driver().getClass().getName() + " does not accept this URL", "08001");
        }
        return connection;
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
        return LOGIN_TIMEOUT_SECONDS;
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
        return "DriverDataSource[" + endpoint.url() + "]";
    }
}
