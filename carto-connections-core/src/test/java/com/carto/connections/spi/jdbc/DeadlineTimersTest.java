package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A query's deadline costs one timer, scheduled when it starts and gone from the scheduler's queue when it ends: the
 * abort after the deadline is scheduled only by a query that reaches its deadline.
 */
class DeadlineTimersTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    /** The SDK's kind of scheduler (cancelled tasks leave its queue), counting the tasks it is given. */
    private static final class CountingScheduler extends ScheduledThreadPoolExecutor {
        final AtomicInteger scheduled = new AtomicInteger();

        CountingScheduler() {
            super(1, runnable -> {
                Thread thread = new Thread(runnable, "deadline-timers-test");
                thread.setDaemon(true);
                return thread;
            });
            setRemoveOnCancelPolicy(true);
        }

        @Override
        protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
            scheduled.incrementAndGet();
            return task;
        }
    }

    private final CountingScheduler scheduler = new CountingScheduler();
    private WarehouseClient client;

    @BeforeEach
    void open() {
        FixtureProvider provider = FixtureProvider.standard();
        client = provider.open(
                provider.settings(
                        POSTGRES,
                        POSTGRES.createDatabase("deadline_timers", false),
                        POSTGRES.superuser(),
                        POSTGRES.superuserPassword(),
                        Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterEach
    void close() {
        client.close();
        scheduler.shutdownNow();
    }

    private void selectOne() {
        try (QueryResult result = client.query(Query.sql("select 1"))) {
            assertThat(result.next()).isTrue();
        }
    }

    @Test
    void aQueryThatEndsBeforeItsDeadlineSchedulesOneTimerAndLeavesNoneQueued() {
        // The pool's own timers (its upkeep, the login's connection lifetime) are scheduled by the first query.
        selectOne();
        int scheduledBefore = scheduler.scheduled.get();
        int queuedBefore = scheduler.getQueue().size();

        selectOne();

        assertThat(scheduler.scheduled.get() - scheduledBefore).isEqualTo(1);
        assertThat(scheduler.getQueue()).hasSize(queuedBefore);
    }
}
