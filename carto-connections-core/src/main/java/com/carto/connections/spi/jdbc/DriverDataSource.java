package com.carto.connections.spi.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The pool's view of a {@link JdbcConnectionFactory}: each physical connection asks the factory, with fixed extra properties. */
final class DriverDataSource implements DataSource {
    private static final int LOGIN_TIMEOUT_SECONDS = 10;

    private final JdbcConnectionFactory factory;
    private final Map<String, String> moreProperties;

    DriverDataSource(JdbcConnectionFactory factory, Map<String, String> moreProperties) {
        this.factory = factory;
        this.moreProperties = Map.copyOf(moreProperties);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return factory.connect(moreProperties);
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
        return "DriverDataSource[" + factory.url() + "]";
    }
}
