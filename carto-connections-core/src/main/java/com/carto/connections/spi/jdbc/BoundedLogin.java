package com.carto.connections.spi.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens one physical connection and stops waiting for it at a deadline, whatever the driver does: its
 * connect-timeout properties bound it where the driver has them, and the wait ends at the deadline where it has none
 * or ignores them. A connection that opens after the caller gave up is closed as it arrives.
 */
final class BoundedLogin {
    private BoundedLogin() {}

    /**
     * A login that outlives its deadline may still succeed; its connection is closed when it arrives. Nobody waits for
     * that, and closing quietly cannot fail, so the returned future carries nothing to check.
     */
    @SuppressWarnings("FutureReturnValueIgnored")
    private static void closeWhenOpened(CompletableFuture<Connection> opening) {
        opening.thenAccept(BoundedLogin::closeQuietly);
    }

    /**
     * Opens a connection through {@code factory} with {@code properties}, waiting at most {@code wait}, on a thread
     * called {@code name}.
     *
     * @throws SQLTimeoutException with {@code timedOut} as its message when no connection opened in time
     */
    static Connection open(
            JdbcConnectionFactory factory, Map<String, String> properties, Duration wait, String name, String timedOut)
            throws SQLException {
        CompletableFuture<Connection> opening = new CompletableFuture<>();
        // The driver's own connect cannot be interrupted, so it runs on a daemon thread that the deadline abandons.
        Thread opener = new Thread(
                () -> {
                    try {
                        opening.complete(factory.connect(properties));
                    } catch (SQLException | RuntimeException | Error e) {
                        opening.completeExceptionally(e);
                    }
                },
                name);
        opener.setDaemon(true);
        opener.start();
        try {
            return opening.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closeWhenOpened(opening);
            throw new SQLTimeoutException(timedOut);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeWhenOpened(opening);
            throw new SQLTimeoutException("interrupted while logging in");
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nobody waits for this connection any more.
        }
    }
}
