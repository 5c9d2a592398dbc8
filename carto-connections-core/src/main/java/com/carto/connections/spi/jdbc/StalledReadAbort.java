package com.carto.connections.spi.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A query's deadline, from the borrowed connection to the closed result. At the deadline the query is cancelled on
 * the warehouse, on a thread of its own: a cancel needs the server to answer, and over a silent network it waits for
 * the driver's cancel timeout. A driver blocked reading a socket that went silent (a dead network path, a frozen
 * server) waits for bytes that never come, cancel or not; so shortly after the deadline, if the query still holds its
 * connection, the connection is aborted, which closes its socket and wakes the blocked read with an error; the pool
 * then discards it.
 *
 * <p>The driver's own statement timeout is not used for queries: pgjdbc, for one, makes the failing read wait for its
 * cancel to give up (ten seconds by default) before it reports.
 */
final class StalledReadAbort {
    private final ScheduledExecutorService scheduler;
    private final JdbcDialect dialect;
    private final Connection connection;
    private final Duration timeout;
    private final long deadlineNanos;
    private final long graceNanos;
    private final Object lock = new Object();
    private volatile @Nullable Statement statement;
    private volatile boolean timedOut;
    // Guarded by lock.
    private boolean disarmed;
    private boolean aborted;
    private int cancelling;
    private @Nullable ScheduledFuture<?> cancelTask;
    private @Nullable ScheduledFuture<?> abortTask;

    private StalledReadAbort(
            ScheduledExecutorService scheduler,
            JdbcDialect dialect,
            Connection connection,
            Duration timeout,
            long deadlineNanos,
            long graceNanos) {
        this.scheduler = scheduler;
        this.dialect = dialect;
        this.connection = connection;
        this.timeout = timeout;
        this.deadlineNanos = deadlineNanos;
        this.graceNanos = graceNanos;
    }

    /**
     * Watches a query on {@code connection} whose {@code timeout} ends at {@code deadlineNanos} (of
     * {@link System#nanoTime()}). The abort waits a grace after the deadline that lets a working cancel end the query
     * first: a twentieth of the timeout, from 20 ms to 500 ms.
     */
    static StalledReadAbort watch(
            ScheduledExecutorService scheduler,
            JdbcDialect dialect,
            Connection connection,
            Duration timeout,
            long deadlineNanos) {
        long grace = Math.min(
                Math.max(timeout.toNanos() / 20, TimeUnit.MILLISECONDS.toNanos(20)),
                TimeUnit.MILLISECONDS.toNanos(500));
        StalledReadAbort watch = new StalledReadAbort(scheduler, dialect, connection, timeout, deadlineNanos, grace);
        long untilDeadline = Math.max(deadlineNanos - System.nanoTime(), 0);
        // One task per query: the abort is scheduled by the cancel at the deadline, which almost no query reaches.
        synchronized (watch.lock) {
            watch.cancelTask = scheduler.schedule(watch::cancelNow, untilDeadline, TimeUnit.NANOSECONDS);
        }
        return watch;
    }

    /** The statement that the cancel at the deadline stops: the one running now. */
    void statement(Statement running) {
        this.statement = running;
    }

    Duration timeout() {
        return timeout;
    }

    /** Whether the deadline has passed, by the clock or by the deadline task, whichever saw it first. */
    boolean pastDeadline() {
        return timedOut || System.nanoTime() - deadlineNanos >= 0;
    }

    /** Whether the deadline task ran: any failure of the query from then on is its timeout. */
    boolean timedOut() {
        return timedOut;
    }

    /** Cancels the query on the warehouse now, from the calling thread, unless the watch is disarmed. */
    void cancel() {
        Statement running = statement;
        synchronized (lock) {
            if (disarmed || running == null) {
                return;
            }
            cancelling++;
        }
        try {
            dialect.cancel(connection, running);
        } catch (SQLException | RuntimeException ignored) {
            // The statement may have completed already, or the connection be gone; closing releases it either way.
        } finally {
            synchronized (lock) {
                cancelling--;
            }
        }
    }

    private void cancelNow() {
        synchronized (lock) {
            if (disarmed) {
                return;
            }
            timedOut = true;
            try {
                abortTask = scheduler.schedule(this::abortNow, graceNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shutDown) {
                // The SDK is closing, which closes the pools and their connections: the cancel below still runs.
            }
        }
        Thread canceller = new Thread(this::cancel, "carto-query-cancel");
        canceller.setDaemon(true);
        canceller.start();
    }

    /**
     * Under the lock, so that once {@link #disarm} returns the connection is never aborted: it may be back in the pool,
     * serving another query. Closing a socket does not block.
     */
    private void abortNow() {
        synchronized (lock) {
            if (disarmed) {
                return;
            }
            timedOut = true;
            aborted = true;
            abort(connection);
        }
    }

    /**
     * The query no longer needs watching: it finished, failed or was closed. Call it before the connection goes back to
     * the pool, and abort the connection instead when this says so: a cancel still on its way would stop whatever the
     * pooled connection runs next.
     *
     * @return whether the connection must not be returned as it is
     */
    boolean disarm() {
        synchronized (lock) {
            disarmed = true;
            if (cancelTask != null) {
                cancelTask.cancel(false);
            }
            if (abortTask != null) {
                abortTask.cancel(false);
            }
            if (cancelling > 0 && !aborted) {
                aborted = true;
                abort(connection);
            }
            return aborted;
        }
    }

    private static void abort(Connection connection) {
        try {
            // Run at once, not on another thread: the pool must see the connection closed when it is handed back, and
            // closing a socket does not block (pgjdbc's abort only closes it).
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // Already closed: nothing is blocked on it.
        }
    }
}
