package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The facade's one timer thread forgets a cancelled timer at once: a query's deadline leaves nothing queued. */
class HousekeepingTest {
    @Test
    void aCancelledTimerLeavesTheQueueAtOnce() {
        ScheduledThreadPoolExecutor scheduler = Connections.housekeeping();
        try {
            ScheduledFuture<?> deadline = scheduler.schedule(() -> {}, 10, TimeUnit.MINUTES);
            assertThat(scheduler.getQueue()).hasSize(1);

            deadline.cancel(false);

            assertThat(scheduler.getQueue()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
