package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the SDK lends a provider's clients: one shared scheduler for housekeeping (pool maintenance, deadlines), so
 * the number of SDK threads does not grow with the number of connections, and a clock.
 *
 * @param scheduler shared; a client must not shut it down
 * @param clock the time source for elapsed times and deadlines
 */
public record ProviderContext(ScheduledExecutorService scheduler, Clock clock) {
    public ProviderContext {
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(clock, "clock is null");
    }
}
