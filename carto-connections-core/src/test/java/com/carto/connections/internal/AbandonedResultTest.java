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

/** Results nobody reads are closed by the sweep; results being read, or blocked in a read, are not. */
class AbandonedResultTest {
    private static final ClientKey SALES = ClientKey.owner("sales", 1);
    private static final Duration IDLE = Duration.ofMinutes(5);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ManualClock clock = new ManualClock();
    private final Clients clients = new Clients();
    // The scheduled sweep runs every minute of real time; the tests step the manual clock and sweep themselves.
    private final ClientCache cache =
            new ClientCache(ClientCacheOptions.defaults().withAbandonedAfter(IDLE), scheduler, clock);

    @AfterEach
    void close() {
        cache.close();
        scheduler.shutdownNow();
    }

    private QueryResult query(String sql) {
        return cache.lease(SALES, 1, clients.opener("sales")).query(Query.sql(sql));
    }

    @Test
    void closesAResultNothingReadForTheIdleLimitAndGivesItsPermitBack() {
        QueryResult result = query("rows 10");
        assertThat(result.next()).isTrue();
        cache.sweep();
        clock.advance(IDLE);

        assertThat(cache.sweep()).isEqualTo(1);

        assertThat(cache.running("sales")).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
        assertThat(cache.metrics().abandonedResults()).isEqualTo(1);
        assertThat(clients.only("sales").openResults()).isZero();
        assertThatThrownBy(result::next)
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT))
                .hasMessageContaining("closed as abandoned")
                .hasMessageContaining("PT5M");
    }

    @Test
    void waitsTheWholeIdleLimitBeforeClosingAResult() {
        QueryResult result = query("rows 10");
        cache.sweep();
        clock.advance(IDLE.minusSeconds(1));

        assertThat(cache.sweep()).isZero();

        assertThat(result.next()).isTrue();
        result.close();
    }

    @Test
    void keepsAResultThatIsReadBetweenSweeps() {
        QueryResult result = query("rows 10");
        cache.sweep();
        for (int step = 0; step < 3; step++) {
            clock.advance(IDLE);
            assertThat(result.next()).isTrue();
            assertThat(cache.sweep()).isZero();
        }
        assertThat(cache.metrics().abandonedResults()).isZero();
        result.close();
    }

    @Test
    void keepsAResultWhoseReadIsStillWaitingForTheWarehouse() throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            QueryResult result = query("rows 1 wait");
            Future<Boolean> firstRow = reader.submit(result::next);
            clients.only("sales").awaitWaiting();
            cache.sweep();
            clock.advance(IDLE.multipliedBy(3));

            assertThat(cache.sweep()).isZero();

            clients.only("sales").proceed();
            assertThat(firstRow.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(result.next()).isFalse();
            assertThat(cache.metrics().leasesOut()).isZero();
            assertThat(cache.metrics().abandonedResults()).isZero();
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void doesNotCountAResultItsOwnerClosedAsAbandoned() {
        QueryResult result = query("rows 10");
        cache.sweep();
        result.close();
        clock.advance(IDLE);

        assertThat(cache.sweep()).isZero();

        assertThat(cache.metrics().abandonedResults()).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
    }

    @Test
    void closingAnAbandonedResultAgainChangesNothing() {
        QueryResult result = query("rows 10");
        cache.sweep();
        clock.advance(IDLE);
        cache.sweep();

        result.close();

        assertThat(cache.running("sales")).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
        try (ClientLease next = cache.lease(SALES, 1, clients.opener("unused"))) {
            assertThat(next.client()).isSameAs(clients.only("sales"));
        }
    }
}
