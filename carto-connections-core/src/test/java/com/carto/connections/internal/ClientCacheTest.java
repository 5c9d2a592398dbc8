package com.carto.connections.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which client a lease gets, when clients open and close, and that every lease comes back. */
class ClientCacheTest {
    private static final ClientKey SALES_OWNER = ClientKey.owner("sales", 1);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ManualClock clock = new ManualClock();
    private final Clients clients = new Clients();
    private ClientCache cache = cache(3);

    private ClientCache cache(int maxClients) {
        return new ClientCache(
                ClientCacheOptions.defaults().withMaxClients(maxClients).withAbandonedAfter(Duration.ofHours(1)),
                scheduler,
                clock);
    }

    @AfterEach
    void closeCache() {
        cache.close();
        scheduler.shutdownNow();
    }

    private ClientLease lease(ClientKey key) {
        return cache.lease(key, 10, clients.opener(name(key)));
    }

    private static String name(ClientKey key) {
        return key.connectionId() + "/" + key.version() + "/" + key.identity();
    }

    @Test
    void opensTheClientOnTheFirstLeaseOnlyAndReusesItForTheSameKey() {
        assertThat(clients.opened()).isEmpty();
        try (ClientLease first = lease(SALES_OWNER);
                ClientLease second = lease(SALES_OWNER)) {
            assertThat(first.client()).isSameAs(second.client());
        }
        try (ClientLease later = lease(SALES_OWNER)) {
            assertThat(later.client()).isSameAs(clients.only("sales/1/owner"));
        }
        assertThat(clients.opened()).hasSize(1);
        assertThat(cache.metrics().openClients()).isEqualTo(1);
    }

    @Test
    void givesEachVersionAndIdentityOfAConnectionItsOwnClient() {
        try (ClientLease owner = lease(SALES_OWNER);
                ClientLease nextVersion = lease(ClientKey.owner("sales", 2));
                ClientLease viewer = lease(new ClientKey("sales", 1, Identity.viewer("user-7")))) {
            assertThat(owner.client()).isNotSameAs(nextVersion.client()).isNotSameAs(viewer.client());
            assertThat(nextVersion.client()).isNotSameAs(viewer.client());
        }
        assertThat(clients.opened()).hasSize(3);
    }

    @Test
    void evictsAndClosesTheLeastRecentlyLeasedClientBeyondTheCap() {
        cache.close();
        cache = cache(2);
        lease(ClientKey.owner("a", 1)).close();
        lease(ClientKey.owner("b", 1)).close();
        lease(ClientKey.owner("a", 1)).close();

        lease(ClientKey.owner("c", 1)).close();

        assertThat(clients.only("b/1/owner").closes()).isEqualTo(1);
        assertThat(clients.only("a/1/owner").isClosed()).isFalse();
        assertThat(clients.only("c/1/owner").isClosed()).isFalse();
        assertThat(cache.metrics().evictions()).isEqualTo(1);
        assertThat(cache.metrics().openClients()).isEqualTo(2);
        assertThat(cache.metrics().cachedClients()).isEqualTo(2);
    }

    @Test
    void prefersEvictingAnIdleClientOverABusyOneThatWasLeasedEarlier() {
        cache.close();
        cache = cache(2);
        try (ClientLease busy = lease(ClientKey.owner("a", 1))) {
            lease(ClientKey.owner("b", 1)).close();

            lease(ClientKey.owner("c", 1)).close();

            assertThat(clients.only("b/1/owner").isClosed()).isTrue();
            assertThat(busy.client()).isSameAs(clients.only("a/1/owner"));
            assertThat(clients.only("a/1/owner").isClosed()).isFalse();
        }
    }

    @Test
    void closesAnEvictedClientOnlyWhenItsLastLeaseReturns() {
        cache.close();
        cache = cache(1);
        ClientLease first = lease(ClientKey.owner("a", 1));
        ClientLease second = lease(ClientKey.owner("a", 1));

        lease(ClientKey.owner("b", 1)).close();

        RecordingClient evicted = clients.only("a/1/owner");
        assertThat(evicted.isClosed()).isFalse();
        assertThat(first.client().execute(Query.sql("select 1"))).isEqualTo(1);
        first.close();
        assertThat(evicted.isClosed()).isFalse();
        second.close();
        assertThat(evicted.closes()).isEqualTo(1);
        assertThat(cache.metrics().openClients()).isEqualTo(1);
    }

    @Test
    void retireRemovesEveryVersionAndIdentityOfTheConnectionSoTheNextLeaseOpensAFreshClient() {
        lease(SALES_OWNER).close();
        lease(ClientKey.owner("sales", 2)).close();
        lease(new ClientKey("sales", 2, Identity.viewer("user-7"))).close();
        lease(ClientKey.owner("other", 1)).close();

        cache.retire("sales");

        assertThat(clients.opened())
                .filteredOn(client -> client.name.startsWith("sales/"))
                .allMatch(RecordingClient::isClosed);
        assertThat(clients.only("other/1/owner").isClosed()).isFalse();
        try (ClientLease fresh = lease(ClientKey.owner("sales", 2))) {
            assertThat(fresh.client().execute(Query.sql("select 1"))).isEqualTo(1);
            assertThat(clients.opened())
                    .filteredOn(client -> client.name.equals("sales/2/owner"))
                    .hasSize(2);
        }
    }

    @Test
    void retiringOneIdentityKeepsTheOwnersClient() {
        lease(SALES_OWNER).close();
        lease(new ClientKey("sales", 1, Identity.viewer("user-7"))).close();

        cache.retire("sales", Identity.viewer("user-7"));

        assertThat(clients.only("sales/1/viewer:user-7").isClosed()).isTrue();
        assertThat(clients.only("sales/1/owner").isClosed()).isFalse();
        assertThat(cache.metrics().cachedClients()).isEqualTo(1);
    }

    @Test
    void closesARetiredClientOnlyWhenTheResultStreamingFromItIsClosed() {
        QueryResult result = lease(SALES_OWNER).query(Query.sql("rows 3"));
        assertThat(result.next()).isTrue();

        cache.retire("sales");

        RecordingClient retired = clients.only("sales/1/owner");
        assertThat(retired.isClosed()).isFalse();
        assertThat(result.next()).isTrue();
        result.close();
        assertThat(retired.closes()).isEqualTo(1);
        assertThat(cache.metrics().leasesOut()).isZero();
    }

    @Test
    void givesThePermitAndTheLeaseBackWhenOpeningFailsAndTriesOpeningAgainNextTime() {
        ConnectionException refused =
                new ConnectionException(ErrorCategory.AUTHENTICATION, "password authentication failed");
        assertThatThrownBy(() -> cache.lease(SALES_OWNER, 1, () -> {
                    throw refused;
                }))
                .isSameAs(refused);

        assertThat(cache.running("sales")).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
        assertThat(cache.metrics().openClients()).isZero();
        try (ClientLease lease = cache.lease(SALES_OWNER, 1, clients.opener("second try"))) {
            assertThat(lease.client()).isSameAs(clients.only("second try"));
        }
    }

    @Test
    void givesThePermitAndTheLeaseBackWhenStartingTheQueryFails() {
        ClientLease lease = lease(SALES_OWNER);

        assertThatThrownBy(() -> lease.query(Query.sql("fail")))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("refused the query");

        assertThat(cache.running("sales")).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
        assertThat(cache.metrics().openResults()).isZero();
    }

    @Test
    void givesTheLeaseBackOnceWhenClosedTwice() {
        ClientLease kept = lease(SALES_OWNER);
        ClientLease closedTwice = lease(SALES_OWNER);

        closedTwice.close();
        closedTwice.close();

        assertThat(cache.running("sales")).isEqualTo(1);
        assertThat(cache.metrics().leasesOut()).isEqualTo(1);
        kept.close();
        assertThat(cache.running("sales")).isZero();
    }

    @Test
    void keepsThePermitOfALeaseHandedToAResultUntilTheResultCloses() {
        QueryResult result;
        try (ClientLease lease = lease(SALES_OWNER)) {
            result = lease.query(Query.sql("rows 5"));
            assertThatThrownBy(lease::client).isInstanceOf(IllegalStateException.class);
        }

        assertThat(cache.running("sales")).isEqualTo(1);
        assertThat(result.next()).isTrue();
        result.close();
        assertThat(cache.running("sales")).isZero();
        assertThat(cache.metrics().leasesOut()).isZero();
        assertThat(clients.only("sales/1/owner").openResults()).isZero();
    }

    @Test
    void closingTheCacheClosesEveryClientEvenWithLeasesOut() {
        ClientLease busy = lease(SALES_OWNER);
        lease(ClientKey.owner("idle", 1)).close();
        cache.close();
        cache = cache(1);
        ClientLease evictedBusy = lease(ClientKey.owner("a", 1));
        lease(ClientKey.owner("b", 1)).close();

        cache.close();

        assertThat(clients.opened()).allMatch(client -> client.closes() == 1);
        assertThatThrownBy(() -> busy.client().execute(Query.sql("select 1")))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("closed");
        busy.close();
        evictedBusy.close();
        assertThat(clients.opened()).allMatch(client -> client.closes() == 1);
    }

    @Test
    void refusesLeasesOnceClosed() {
        cache.close();

        assertThatThrownBy(() -> lease(SALES_OWNER))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE))
                .hasMessageContaining("closed");
        assertThat(clients.opened()).isEmpty();
    }

    @Test
    void runsItsOnlyPeriodicTaskOnTheSharedSchedulerAndCancelsItOnClose() {
        ScheduledThreadPoolExecutor shared = new ScheduledThreadPoolExecutor(1);
        shared.setRemoveOnCancelPolicy(true);
        try {
            ClientCache onShared = new ClientCache(3, shared, clock);
            assertThat(shared.getQueue()).hasSize(1);
            onShared.close();
            assertThat(shared.getQueue()).isEmpty();
            assertThat(shared.isShutdown()).isFalse();
        } finally {
            shared.shutdownNow();
        }
    }

    @Test
    void sweepsOftenEnoughForTheIdleLimitButAtMostOnceAMinute() {
        assertThat(ClientCache.sweepPeriod(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(1));
        assertThat(ClientCache.sweepPeriod(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ClientCache.sweepPeriod(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void rejectsOptionsThatCannotWorkNamingTheOption() {
        assertThatThrownBy(() -> ClientCacheOptions.defaults().withMaxClients(0))
                .hasMessageContaining("maxClients");
        assertThatThrownBy(() -> ClientCacheOptions.defaults().withMaxQueueWait(Duration.ofSeconds(-1)))
                .hasMessageContaining("maxQueueWait");
        assertThatThrownBy(() -> ClientCacheOptions.defaults().withAbandonedAfter(Duration.ZERO))
                .hasMessageContaining("abandonedAfter");
    }
}
