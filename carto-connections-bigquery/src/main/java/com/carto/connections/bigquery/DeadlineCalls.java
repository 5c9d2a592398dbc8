package com.carto.connections.bigquery;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one BigQuery API call (a job poll, a result page) and stops waiting for it at the query's deadline: the client
 * library's own HTTP timeouts (60 s) know nothing of the query's. The call runs on a daemon thread that a deadline
 * abandons; its answer, when it comes, is dropped.
 */
final class DeadlineCalls {
    private DeadlineCalls() {}

    /** One API call of the client library, some of which declare that they may be interrupted. */
    interface Call<T> {
        T call() throws InterruptedException;
    }

    /**
     * The call's answer, or a {@code TIMEOUT} once {@code deadlineNanos} (of {@link System#nanoTime()}) passes.
     *
     * @param what the call, for the failure's message, e.g. "a page of BigQuery query 42"
     * @throws InterruptedException when the waiting thread is interrupted; the call is abandoned
     */
    static <T> T within(long deadlineNanos, Duration timeout, String what, Call<T> call) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw timedOut(what, timeout);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread caller = new Thread(
                () -> {
                    try {
                        answer.complete(call.call());
                    } catch (InterruptedException | RuntimeException | Error e) {
                        answer.completeExceptionally(e);
                    }
                },
                "carto-bigquery-call");
        caller.setDaemon(true);
        caller.start();
        try {
            return answer.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timedOut(what, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof InterruptedException cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    private static ConnectionException timedOut(String what, Duration timeout) {
        return new ConnectionException(
                ErrorCategory.TIMEOUT,
                "BigQuery did not answer " + what + " within the query's timeout of " + timeout.toMillis() + " ms");
    }
}
