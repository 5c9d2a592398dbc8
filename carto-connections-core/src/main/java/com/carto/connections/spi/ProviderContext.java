package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the SDK lends one client of a provider: one shared scheduler for housekeeping (pool maintenance, deadlines),
 * so the number of SDK threads does not grow with the number of connections, a clock, and where the client refreshes
 * credentials the warehouse may rotate. The scheduler and the clock are the same for every client; the rotation is
 * bound to the connection and identity the client is opened for, so keep the context a client was opened with.
 *
 * @param scheduler shared; a client must not shut it down
 * @param clock the time source for elapsed times and deadlines
 * @param rotation where the client refreshes rotating credentials (see {@link CredentialRotation})
 */
public record ProviderContext(ScheduledExecutorService scheduler, Clock clock, CredentialRotation rotation) {
    public ProviderContext {
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(rotation, "rotation is null");
    }

    /** A context whose rotated credentials are kept only by the client ({@link CredentialRotation#UNSAVED}). */
    public ProviderContext(ScheduledExecutorService scheduler, Clock clock) {
        this(scheduler, clock, CredentialRotation.UNSAVED);
    }

    /** This context for a client whose rotated credentials go to {@code rotation}. */
    public ProviderContext withRotation(CredentialRotation rotation) {
        return new ProviderContext(scheduler, clock, rotation);
    }
}
