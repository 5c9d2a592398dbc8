package com.carto.connections.internal;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running limit of one connection: {@code limit} permits and a queue of at most {@code limit} waiters. Lock-free
 * when a permit is free (one CAS); the limit follows the connection's current {@code maxConcurrentQueries}.
 */
final class ConcurrencyGate {
    private final String connectionId;
    private final Permits permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object resizeLock = new Object();
    private volatile int limit;
    // Set once, with every permit held by the retiring thread, so a lease that acquires after it knows to go around.
    private volatile boolean retired;

    ConcurrencyGate(String connectionId, int limit) {
        this.connectionId = connectionId;
        this.limit = limit;
        // Fair, so waiters are served in arrival order and a caller arriving while others wait queues behind them.
        this.permits = new Permits(limit);
    }

    /**
     * Takes a permit, waiting up to {@code maxWait} in the queue.
     *
     * @throws ConnectionException {@code LIMIT_EXCEEDED} when the queue is full or the wait ran out
     */
    void acquire(int currentLimit, Duration maxWait) {
        if (currentLimit != limit) {
            resize(currentLimit);
        }
        try {
            if (permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            int queued = waiting.incrementAndGet();
            try {
                if (queued > limit) {
                    throw rejected("its " + limit + " queued queries fill the queue");
                }
                if (!permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw rejected("no query finished within " + maxWait);
                }
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException(
                    ErrorCategory.UNAVAILABLE,
                    "Interrupted while waiting to run a query on connection " + connectionId);
        }
    }

    private ConnectionException rejected(String why) {
        return new ConnectionException(
                ErrorCategory.LIMIT_EXCEEDED,
                "Connection " + connectionId + " already runs " + limit + " queries (its maxConcurrentQueries) and "
                        + why + "; try again later or raise maxConcurrentQueries");
    }

    void release() {
        permits.release();
    }

    private void resize(int newLimit) {
        synchronized (resizeLock) {
            int old = limit;
            if (newLimit > old) {
                permits.release(newLimit - old);
            } else if (newLimit < old) {
                // Running queries above the new limit finish normally; their releases pay the difference back.
                permits.reducePermits(old - newLimit);
            }
            limit = newLimit;
        }
    }

    boolean isRetired() {
        return retired;
    }

    /** Retires the gate if no permit is out, so it can be dropped; a later lease makes a new one. */
    boolean retireIfIdle() {
        synchronized (resizeLock) {
            int all = limit;
            if (!permits.tryAcquire(all)) {
                return false;
            }
            retired = true;
            // Anyone who queued meanwhile takes a permit, sees the gate retired, gives it back and goes around.
            permits.release(all);
            return true;
        }
    }

    /** Retires the gate at once, waking every waiter; used when the cache closes. */
    void retire() {
        retired = true;
        permits.release(waiting.get() + 1);
    }

    /** Queries holding a permit; above the limit only just after the limit was lowered. */
    int running() {
        return Math.max(0, limit - permits.availablePermits());
    }

    int queued() {
        return waiting.get();
    }

    int limit() {
        return limit;
    }

    private static final class Permits extends Semaphore {
        private static final long serialVersionUID = 1L;

        Permits(int permits) {
            super(permits, true);
        }

        @Override
        protected void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }
    }
}
