package com.carto.connections.spi.jdbc;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One bounded read-ahead for a streaming result: a thread of its own fetches the driver's next rows and decodes them
 * into a {@link RowBatch} while the result's reader (a writer serializing JSON, say) works on the previous batch. There
 * are two batches and no more: the thread fills one while the reader holds the other, and waits for it to come back
 * before fetching further, so a slow reader holds the query back exactly as it did reading the driver itself.
 *
 * <p>Only the thread touches the driver between {@link #start} and the end of {@link #stop}; everything it hands over
 * (rows, the failure that ended them) goes through the batches under one lock.
 */
final class ReadAhead {
    /** The system property that turns the read-ahead on or off: {@code auto} (the default), {@code on}, {@code off}. */
    static final String PROPERTY = "carto.connections.readAhead";

    /** The name of every read-ahead thread, by which tests count them. */
    static final String THREAD_NAME = "carto-read-ahead";

    /** Fills a batch from the driver; false once the result has no more rows. */
    interface Source {
        boolean fill(RowBatch batch) throws SQLException;
    }

    /** Whether queries read ahead, from {@link #PROPERTY}. */
    enum Mode {
        ON,
        OFF,
        // On with more than one processor: with one, the two threads would take turns on it and only add the handoffs.
        AUTO;

        static Mode configured() {
            // Off unless asked for: measured so far, it costs the plain streaming path more than it saves writers.
            String value = System.getProperty(PROPERTY, "off").strip().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "auto" -> AUTO;
                case "on", "true" -> ON;
                case "off", "false" -> OFF;
                default ->
                    throw new ConnectionException(
                            ErrorCategory.INVALID_CONFIGURATION,
                            "the system property " + PROPERTY + " is auto, on or off, not \"" + value + "\"");
            };
        }

        boolean enabled() {
            return this == ON || (this == AUTO && Runtime.getRuntime().availableProcessors() > 1);
        }
    }

    private static final int BATCHES = 2;

    private final Supplier<RowBatch> batches;
    private final Source source;
    private final Runnable cancel;
    private final Object lock = new Object();
    // Guarded by lock.
    private final ArrayDeque<RowBatch> free = new ArrayDeque<>(2);
    private final ArrayDeque<RowBatch> filled = new ArrayDeque<>(2);
    private boolean stopping;
    private boolean inDriver;
    private boolean waitingForFree;
    private boolean done;
    private int made;
    private final Thread thread;

    /**
     * @param batches makes the two batches
     * @param cancel stops what the driver runs on the warehouse, from another thread: how {@link #stop} wakes a thread
     *     blocked in a fetch
     */
    ReadAhead(Supplier<RowBatch> batches, Source source, Runnable cancel) {
        this.source = source;
        this.cancel = cancel;
        this.batches = batches;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (true) {
            RowBatch batch;
            synchronized (lock) {
                if (free.isEmpty() && made < BATCHES) {
                    // Made when first needed: a result that ends within one batch never makes the second.
                    free.add(batches.get());
                    made++;
                }
                while (free.isEmpty() && !stopping) {
                    waitingForFree = true;
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Nobody interrupts this thread but a stop, which also sets stopping.
                        stopping = true;
                    }
                }
                waitingForFree = false;
                if (stopping) {
                    finish();
                    return;
                }
                batch = free.removeFirst();
                inDriver = true;
            }
            batch.clear();
            boolean more;
            try {
                more = source.fill(batch);
            } catch (SQLException | RuntimeException | Error e) {
                // Handed to the reader, who reports it as it would have reading the driver itself.
                batch.failure = e;
                more = false;
            }
            batch.last = !more;
            synchronized (lock) {
                inDriver = false;
                if (!stopping) {
                    filled.add(batch);
                }
                if (stopping || batch.ends()) {
                    finish();
                    return;
                }
                lock.notifyAll();
            }
        }
    }

    /** Under lock: the thread is leaving. */
    private void finish() {
        done = true;
        lock.notifyAll();
    }

    /**
     * The next batch, waiting for the thread to fill it. Waits as reading the driver does: an interrupt does not end the
     * wait (it is kept for the caller); {@link #stop} does.
     *
     * @throws IllegalStateException when the read-ahead was stopped (the result was closed) meanwhile
     */
    RowBatch take() {
        boolean interrupted = false;
        try {
            synchronized (lock) {
                while (filled.isEmpty() && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (stopping) {
                    throw new IllegalStateException("the result is closed");
                }
                return filled.removeFirst();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives a batch the reader is done with back to be filled again. */
    void release(RowBatch batch) {
        synchronized (lock) {
            free.add(batch);
            lock.notifyAll();
        }
    }

    /**
     * Stops the thread and waits until it has left the driver, so the caller may end the transaction and return the
     * connection. A thread blocked in a fetch is woken by cancelling the query on the warehouse (a failing cancel leaves
     * it to the query's deadline, which aborts the connection); one that is waiting for a batch to come back, or is
     * done, leaves at once. Idempotent; callable from any thread but the read-ahead's own.
     */
    void stop() {
        boolean cancelFetch;
        synchronized (lock) {
            cancelFetch = inDriver && !stopping;
            stopping = true;
            lock.notifyAll();
        }
        if (cancelFetch) {
            cancel.run();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: the batches made so far (two at most). */
    int batchesMade() {
        synchronized (lock) {
            return made;
        }
    }

    /** For tests: the thread is waiting for the reader to give a batch back, fetching nothing. */
    boolean waitingForReader() {
        synchronized (lock) {
            return waitingForFree;
        }
    }

    /** For tests: the thread is inside the driver, fetching or decoding. */
    boolean inDriver() {
        synchronized (lock) {
            return inDriver;
        }
    }

    /** For tests: the thread has left (the rows ended, reading failed, or it was stopped). */
    boolean done() {
        synchronized (lock) {
            return done;
        }
    }
}
