package com.carto.connections.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test says so, for expiries and renewals a test would otherwise wait for; one instance
 * can be shared by the SDK and a protocol fake. Always UTC. It also ticks a monotonic {@link #nanoTime()} that moves by
 * the same amounts, for code that measures ages on {@link System#nanoTime()}.
 */
public final class ManualClock extends Clock {
    // An hour before the long wraps, as System.nanoTime may be: code that compares ticks other than by subtracting
    // them fails in any test that advances this clock by more than an hour.
    private static final long FIRST_TICK = Long.MAX_VALUE - Duration.ofHours(1).toNanos();

    private volatile Instant now;
    private volatile long ticks = FIRST_TICK;

    public ManualClock() {
        this(Instant.parse("2026-12-01T12:00:00Z"));
    }

    public ManualClock(Instant start) {
        this.now = requireNonNull(start, "start is null");
    }

    /** Moves the wall clock and, when {@code duration} is not negative, the ticker by {@code duration}. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
        if (!duration.isNegative()) {
            ticks += duration.toNanos();
        }
    }

    /** Moves the wall clock only, as an NTP step would; the ticker stays where it is. */
    public synchronized void step(Duration duration) {
        now = now.plus(duration);
    }

    /** The monotonic ticker: nanoseconds, compared by subtraction only, as {@link System#nanoTime()}. */
    public long nanoTime() {
        return ticks;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
