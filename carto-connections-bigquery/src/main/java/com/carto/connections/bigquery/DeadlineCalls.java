package com.carto.connections.bigquery;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.google.cloud.bigquery.BigQueryException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one BigQuery API call (a job insert, a poll, a result page) and stops waiting for it at the query's deadline:
 * the client library's own HTTP timeouts (60 s) know nothing of the query's. The call runs on a daemon thread that a
 * deadline abandons; its answer, when it comes, is dropped. {@link #retrying} also retries what Google documents as
 * retryable, with truncated exponential backoff and jitter, as long as the deadline allows.
 */
final class DeadlineCalls {
    /**
     * The first pause before a retry: BigQuery's SLA asks for at least 1 s after the first error, growing
     * exponentially to 32 s (https://cloud.google.com/bigquery/sla, "Back-off Requirements").
     */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    static final Duration LONGEST_BACKOFF = Duration.ofSeconds(32);

    private DeadlineCalls() {}

    /**
     * The call's answer, retried while it fails with what {@link BigQueryErrors#isRetryable} accepts and the next
     * attempt can still start before {@code deadlineNanos}. Only idempotent calls may be retried: reads, and inserts
     * of a job whose id the caller chose (a second insert of the same id cannot run the query twice).
     *
     * @throws ConnectionException the last failure, translated, once it is not retryable or the deadline is near (also
     *     when a retry is still unanswered at the deadline); a {@code TIMEOUT} when the deadline passes during a first
     *     attempt
     */
    static <T> T retrying(long deadlineNanos, Duration timeout, String what, Call<T> call) throws InterruptedException {
        BigQueryException last = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return within(deadlineNanos, timeout, what, call);
            } catch (ConnectionException e) {
                if (last == null || e.category() != ErrorCategory.TIMEOUT) {
                    throw e;
                }
                // A retry still unanswered at the deadline: what failed before says more than the timeout.
                throw BigQueryErrors.translate(
                        what + " (" + attempt + " attempts; the last had no answer within the query's timeout)", last);
            } catch (BigQueryException e) {
                last = e;
                long pause = backoff(attempt).toNanos();
                if (!BigQueryErrors.isRetryable(e) || System.nanoTime() + pause - deadlineNanos >= 0) {
                    throw BigQueryErrors.translate(
                            what + (attempt > 1 ? " (" + attempt + " attempts within the query's timeout)" : ""), e);
                }
                TimeUnit.NANOSECONDS.sleep(pause);
            }
        }
    }

    /** The pause after the {@code attempt}-th failure: 1 s, 2 s, 4 s … plus up to 1 s of jitter, at most 32 s. */
    static Duration backoff(int attempt) {
        long base = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 5);
        long jitter = ThreadLocalRandom.current().nextLong(FIRST_BACKOFF.toMillis());
        return Duration.ofMillis(Math.min(base + jitter, LONGEST_BACKOFF.toMillis()));
    }

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
