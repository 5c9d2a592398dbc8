package com.carto.connections.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of leases, results, reads, retirements, evictions and sweeps, checked against a model after every
 * step: a connection never runs more than its limit, a lease is refused exactly when it is at its limit, every lease
 * comes back, and every client opened is closed exactly once by the end.
 */
class ClientCacheProperties {
    private static final List<String> CONNECTIONS = List.of("a", "b", "c");
    private static final List<Identity> IDENTITIES = List.of(Identity.OWNER, Identity.viewer("user-1"));
    private static final Duration IDLE = Duration.ofMinutes(5);

    enum Kind {
        LEASE,
        QUERY,
        READ,
        CLOSE_LEASE,
        CLOSE_RESULT,
        RETIRE,
        RETIRE_IDENTITY,
        IDLE_AND_SWEEP
    }

    record Step(Kind kind, int connection, int identity, int version, int pick) {}

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, CONNECTIONS.size() - 1),
                        Arbitraries.integers().between(0, IDENTITIES.size() - 1),
                        Arbitraries.integers().between(1, 2),
                        Arbitraries.integers().between(0, 99))
                .as(Step::new);
    }

    @Property(tries = 300)
    void permitsAndLeasesBalanceWhateverTheSequence(
            @ForAll @Size(max = 60) List<@net.jqwik.api.From("steps") Step> steps,
            @ForAll @IntRange(min = 1, max = 3) int limit,
            @ForAll @IntRange(min = 1, max = 4) int maxClients) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ManualClock clock = new ManualClock();
        Clients clients = new Clients();
        ClientCache cache = new ClientCache(new ClientCacheOptions(maxClients, Duration.ZERO, IDLE), scheduler, clock);
        List<ClientLease> leases = new ArrayList<>();
        List<QueryResult> results = new ArrayList<>();
        Map<QueryResult, String> resultConnection = new HashMap<>();
        Map<ClientLease, String> leaseConnection = new HashMap<>();
        try {
            for (Step step : steps) {
                String connection = CONNECTIONS.get(step.connection());
                ClientKey key = new ClientKey(connection, step.version(), IDENTITIES.get(step.identity()));
                long runningBefore = running(connection, leaseConnection, resultConnection);
                switch (step.kind()) {
                    case LEASE, QUERY -> {
                        try {
                            ClientLease lease = cache.lease(key, limit, clients.opener(key.toString()));
                            assertThat(runningBefore).isLessThan(limit);
                            if (step.kind() == Kind.LEASE) {
                                leases.add(lease);
                                leaseConnection.put(lease, connection);
                            } else {
                                QueryResult result = lease.query(Query.sql("rows " + step.pick() % 4));
                                results.add(result);
                                resultConnection.put(result, connection);
                            }
                        } catch (ConnectionException rejected) {
                            assertThat(rejected.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
                            assertThat(runningBefore).isEqualTo(limit);
                        }
                    }
                    case READ -> {
                        if (!results.isEmpty()) {
                            QueryResult result = results.get(step.pick() % results.size());
                            try {
                                if (!result.next()) {
                                    results.remove(result);
                                    resultConnection.remove(result);
                                }
                            } catch (ConnectionException abandoned) {
                                assertThat(abandoned.category()).isEqualTo(ErrorCategory.TIMEOUT);
                                results.remove(result);
                                resultConnection.remove(result);
                            }
                        }
                    }
                    case CLOSE_LEASE -> {
                        if (!leases.isEmpty()) {
                            ClientLease lease = leases.remove(step.pick() % leases.size());
                            leaseConnection.remove(lease);
                            lease.close();
                        }
                    }
                    case CLOSE_RESULT -> {
                        if (!results.isEmpty()) {
                            QueryResult result = results.remove(step.pick() % results.size());
                            resultConnection.remove(result);
                            result.close();
                        }
                    }
                    case RETIRE -> cache.retire(connection);
                    case RETIRE_IDENTITY -> cache.retire(connection, key.identity());
                    case IDLE_AND_SWEEP -> {
                        cache.sweep();
                        clock.advance(IDLE);
                        cache.sweep();
                        // Every result still open was just closed as abandoned.
                        resultConnection.clear();
                    }
                }
                for (String each : CONNECTIONS) {
                    long expected = running(each, leaseConnection, resultConnection);
                    assertThat(cache.running(each))
                            .as("running on %s", each)
                            .isEqualTo(expected)
                            .isLessThanOrEqualTo(limit);
                }
                assertThat(cache.metrics().leasesOut()).isEqualTo(leaseConnection.size() + resultConnection.size());
                assertThat(cache.metrics().cachedClients()).isLessThanOrEqualTo(maxClients);
                assertThat(cache.metrics().openClients()).isEqualTo(clients.openCount());
            }
            leases.forEach(ClientLease::close);
            results.forEach(QueryResult::close);
            assertThat(cache.metrics().leasesOut()).isZero();
            assertThat(cache.metrics().openClients()).isLessThanOrEqualTo(maxClients);
            assertThat(clients.opened()).allMatch(client -> client.openResults() == 0);
        } finally {
            cache.close();
            scheduler.shutdownNow();
        }
        assertThat(clients.opened()).allMatch(client -> client.closes() == 1);
    }

    private static long running(String connection, Map<ClientLease, String> leases, Map<QueryResult, String> results) {
        return leases.values().stream().filter(connection::equals).count()
                + results.values().stream().filter(connection::equals).count();
    }
}
