package com.carto.connections;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real pool whose connections record every statement they send and every transaction command that reaches the
 * database (commit, rollback, a change of isolation, which pgjdbc sends as a statement), to count a store's round trips.
 */
final class CountingDataSource implements DataSource {
    private static final Set<String> EXECUTIONS =
            Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");
    private static final Set<String> TRANSACTION_COMMANDS = Set.of("commit", "rollback", "setTransactionIsolation");

    private final DataSource pool;
    private final List<String> sent = new CopyOnWriteArrayList<>();

    CountingDataSource(DataSource pool) {
        this.pool = pool;
    }

    /** What reached the database since the last {@link #reset()}: SQL texts, or the transaction command's name. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    void reset() {
        sent.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(pool.getConnection(username, password));
    }

    private Connection counted(Connection connection) {
        InvocationHandler handler = (proxy, method, arguments) -> {
            if (TRANSACTION_COMMANDS.contains(method.getName())) {
                sent.add(method.getName());
            }
            Object result = invoke(connection, method, arguments);
            if (result instanceof Statement statement) {
                String sql = arguments != null && arguments.length > 0 && arguments[0] instanceof String text
                        ? text
                        : "(a plain statement)";
                return countedStatement(statement, sql, method.getReturnType());
            }
            return result;
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private Object countedStatement(Statement statement, String preparedSql, Class<?> type) {
        InvocationHandler handler = (proxy, method, arguments) -> {
            if (EXECUTIONS.contains(method.getName())) {
                sent.add(
                        arguments != null && arguments.length > 0 && arguments[0] instanceof String text
                                ? text
                                : preparedSql);
            }
            return invoke(statement, method, arguments);
        };
        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return pool.isWrapperFor(type);
    }
}
