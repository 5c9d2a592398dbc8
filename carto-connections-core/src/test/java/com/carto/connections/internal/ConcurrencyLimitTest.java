package com.carto.connections.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** At most maxConcurrentQueries leases per connection, a queue as long as the limit, and rejection beyond it. */
class ConcurrencyLimitTest {
    private static final ClientKey SALES = ClientKey.owner("sales", 1);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final Clients clients = new Clients();
    private ClientCache cache = cache(Duration.ofMinutes(10));

    private ClientCache cache(Duration maxQueueWait) {
        return new ClientCache(
                ClientCacheOptions.defaults().withMaxQueueWait(maxQueueWait).withAbandonedAfter(Duration.ofHours(1)),
                scheduler,
                new ManualClock());
    }

    @AfterEach
    void close() {
        cache.close();
        callers.shutdownNow();
        scheduler.shutdownNow();
    }

    private ClientLease lease(ClientKey key, int limit) {
        return cache.lease(key, limit, clients.opener(key.connectionId()));
    }

    private Future<Long> executeInBackground(ClientKey key, int limit, String sql) {
        return callers.submit(() -> {
            try (ClientLease lease = lease(key, limit)) {
                return lease.client().execute(Query.sql(sql));
            }
        });
    }

    @Test
    void queuesTheCallerBeyondTheLimitUntilARunningLeaseReturns() throws Exception {
        ClientLease first = lease(SALES, 2);
        ClientLease second = lease(SALES, 2);

        Future<Long> third = executeInBackground(SALES, 2, "select 3");
        Await.until("the third caller queues", () -> cache.queued("sales") == 1);

        assertThat(third).isNotDone();
        assertThat(cache.running("sales")).isEqualTo(2);
        first.close();
        assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        second.close();
        assertThat(cache.running("sales")).isZero();
        assertThat(cache.queued("sales")).isZero();
    }

    @Test
    void rejectsACallerAtOnceWithLimitExceededWhenTheQueueIsFull() {
        ClientLease running = lease(SALES, 1);
        Future<Long> queued = executeInBackground(SALES, 1, "select 1");
        Await.until("the second caller queues", () -> cache.queued("sales") == 1);

        // The queue wait is ten minutes, so this returns only because the caller is turned away without waiting.
        assertThatThrownBy(() -> lease(SALES, 1))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED))
                .hasMessageContaining("sales")
                .hasMessageContaining("maxConcurrentQueries")
                .hasMessageContaining("queue");

        running.close();
        Await.until("the queued caller finishes", queued::isDone);
        assertThat(cache.metrics().leasesOut()).isZero();
    }

    @Test
    void rejectsAWaiterWithLimitExceededWhenItsWaitRunsOut() {
        cache.close();
        cache = cache(Duration.ofMillis(1));
        try (ClientLease running = lease(SALES, 1)) {
            assertThatThrownBy(() -> lease(SALES, 1))
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED))
                    .hasMessageContaining("no query finished within PT0.001S");
            assertThat(cache.queued("sales")).isZero();
            assertThat(cache.running("sales")).isEqualTo(1);
        }
    }

    @Test
    void sharesOneLimitAmongTheVersionsAndIdentitiesOfAConnection() {
        cache.close();
        cache = cache(Duration.ZERO);
        try (ClientLease owner = lease(SALES, 2);
                ClientLease viewer = lease(new ClientKey("sales", 2, Identity.viewer("user-7")), 2)) {
            assertThatThrownBy(() -> lease(ClientKey.owner("sales", 2), 2))
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED));
            try (ClientLease otherConnection = lease(ClientKey.owner("marketing", 1), 2)) {
                assertThat(cache.running("marketing")).isEqualTo(1);
            }
        }
    }

    @Test
    void countsAStreamingResultAsRunningUntilItIsClosed() {
        cache.close();
        cache = cache(Duration.ZERO);
        QueryResult streaming = lease(SALES, 1).query(Query.sql("rows 100"));
        assertThat(streaming.next()).isTrue();

        assertThatThrownBy(() -> lease(SALES, 1)).isInstanceOf(ConnectionException.class);
        streaming.close();
        lease(SALES, 1).close();
        assertThat(cache.metrics().leasesOut()).isZero();
    }

    @Test
    void givesThePermitBackWhenAResultIsDrained() {
        QueryResult result = lease(SALES, 1).query(Query.sql("rows 2"));

        assertThat(result.next()).isTrue();
        assertThat(result.next()).isTrue();
        assertThat(cache.running("sales")).isEqualTo(1);
        assertThat(result.next()).isFalse();

        assertThat(cache.running("sales")).isZero();
        assertThat(cache.metrics().openResults()).isZero();
        assertThat(result.next()).isFalse();
        assertThat(result.rowCount()).isEqualTo(2);
        result.close();
        assertThat(cache.metrics().leasesOut()).isZero();
    }

    @Test
    void givesThePermitBackWhenReadingAResultFails() {
        QueryResult result = lease(SALES, 1).query(Query.sql("rows 2"));
        result.close();
        assertThat(cache.running("sales")).isZero();

        assertThatThrownBy(result::next).isInstanceOf(IllegalStateException.class);

        assertThat(cache.running("sales")).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
    }

    @Test
    void followsTheConnectionsLimitWhenItIsLoweredOrRaised() {
        cache.close();
        cache = cache(Duration.ZERO);
        ClientLease first = lease(SALES, 3);
        ClientLease second = lease(SALES, 3);

        assertThatThrownBy(() -> lease(ClientKey.owner("sales", 2), 2)).isInstanceOf(ConnectionException.class);
        first.close();
        assertThatThrownBy(() -> lease(ClientKey.owner("sales", 2), 1)).isInstanceOf(ConnectionException.class);
        second.close();
        ClientLease onlyOne = lease(ClientKey.owner("sales", 2), 1);
        assertThatThrownBy(() -> lease(ClientKey.owner("sales", 2), 1)).isInstanceOf(ConnectionException.class);

        ClientLease afterRaise = lease(ClientKey.owner("sales", 3), 2);
        assertThat(cache.running("sales")).isEqualTo(2);
        onlyOne.close();
        afterRaise.close();
        assertThat(cache.running("sales")).isZero();
    }

    @Test
    void wakesQueuedCallersWithUnavailableWhenTheCacheCloses() throws Exception {
        ClientLease running = lease(SALES, 1);
        Future<Long> queued = executeInBackground(SALES, 1, "select 1");
        Await.until("the second caller queues", () -> cache.queued("sales") == 1);

        cache.close();

        assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionException.class)
                .cause()
                .hasMessageContaining("closed")
                .satisfies(cause ->
                        assertThat(((ConnectionException) cause).category()).isEqualTo(ErrorCategory.UNAVAILABLE));
        running.close();
    }

    @Test
    void dropsTheLimitOfAConnectionWithNoClientLeftAndStillEnforcesItAfterwards() {
        cache.close();
        cache = cache(Duration.ZERO);
        lease(SALES, 1).close();
        cache.retire("sales");

        cache.sweep();

        assertThat(cache.running("sales")).isZero();
        try (ClientLease again = lease(SALES, 1)) {
            assertThatThrownBy(() -> lease(SALES, 1)).isInstanceOf(ConnectionException.class);
        }
    }

    @Test
    void keepsTheLimitOfARetiredConnectionWhileItsLeasesAreOut() {
        cache.close();
        cache = cache(Duration.ZERO);
        try (ClientLease running = lease(SALES, 1)) {
            cache.retire("sales");

            cache.sweep();

            assertThatThrownBy(() -> lease(ClientKey.owner("sales", 2), 1)).isInstanceOf(ConnectionException.class);
        }
    }
}
