package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.time.Duration;

/**
 * Times calls that must fail, for the fault tests: the failure must be typed, and the duration is printed (to the
 * test's output file) as a figure for the README's reliability section, besides being asserted against the bound.
 */
final class Reliability {
    private Reliability() {}

    /** What a failing call threw, and how long it took to throw it. */
    record Failure(ConnectionException exception, Duration took) {
        ErrorCategory category() {
            return exception.category();
        }
    }

    interface Call {
        void run() throws Exception;
    }

    /** Runs the call, which must fail with a {@link ConnectionException}, and prints how long that took. */
    static Failure failure(String figure, Call call) {
        long started = System.nanoTime();
        try {
            call.run();
        } catch (ConnectionException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            print(figure, took);
            return new Failure(e, took);
        } catch (Exception e) {
            throw new AssertionError("failed untyped: " + e, e);
        }
        throw new AssertionError(figure + ": the call succeeded instead of failing");
    }

    static void print(String figure, Duration took) {
        System.out.println("reliability figure: " + figure + " = " + took.toMillis() + " ms");
    }

    /** The bound: the timeout and 10 % more. */
    static Duration withinTenPercent(Duration timeout) {
        return timeout.plus(timeout.dividedBy(10));
    }

    static void assertTyped(Failure failure, ErrorCategory... categories) {
        assertThat(failure.category()).as(failure.exception().getMessage()).isIn((Object[]) categories);
    }
}
