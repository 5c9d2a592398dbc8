package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.WarehouseCall.Kind;
import com.carto.connections.WarehouseCall.Outcome;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the facade tells its {@link WarehouseObserver}, on a warehouse in memory. */
class WarehouseObserverTest {
    @TempDir
    Path directory;

    private final MemoryWarehouse warehouse = new MemoryWarehouse().acceptPassword("observer_user", "owner-pw");
    private final Principal alice = new Principal("alice", "acme", Role.EDITOR, Set.of());
    private final List<WarehouseCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> checks = new CopyOnWriteArrayList<>();
    private Connections connections;

    private final WarehouseObserver recorder = new WarehouseObserver() {
        @Override
        public void callFinished(WarehouseCall call) {
            calls.add(call);
        }

        @Override
        public void checkFinished(String providerId, Optional<String> connectionId, CheckReport report) {
            checks.add(providerId + " " + connectionId.orElse("-") + " " + report.ok());
        }
    };

    private Connections connections(WarehouseObserver observer) {
        connections = Connections.builder()
                .store(ConnectionStore.embedded(directory))
                .keys(KeyRing.generate("k1"))
                .providers(Providers.of(warehouse.provider()))
                .maxQueueWait(Duration.ofMillis(50))
                .observer(observer)
                .build();
        return connections;
    }

    private String create(int maxConcurrentQueries) {
        return connections
                .create(
                        alice,
                        NewConnection.of("memory", "observed")
                                .authMethod("password")
                                .property("host", "memory")
                                .property("user", "observer_user")
                                .secret("password", "owner-pw")
                                .option("maxConcurrentQueries", maxConcurrentQueries))
                .id();
    }

    @AfterEach
    void close() {
        if (connections != null) {
            connections.close();
        }
    }

    @Test
    void aDrainedQueryIsReportedOnceWithItsConnectionRowsAndBytesRead() {
        connections(recorder);
        String id = create(2);
        try (QueryResult rows = connections.query(alice, id, Query.sql("select current_user"))) {
            while (rows.next()) {
                rows.value(0);
            }
        }

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.kind()).isEqualTo(Kind.QUERY);
            assertThat(call.connectionId()).isEqualTo(id);
            assertThat(call.providerId()).isEqualTo("memory");
            assertThat(call.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(call.error()).isEmpty();
            assertThat(call.rows()).isEqualTo(1);
            assertThat(call.bytes()).isEqualTo("observer_user".length());
        });
    }

    @Test
    void aQueryIsReportedWhenItsResultIsClosedNotWhenItStarts() {
        connections(recorder);
        String id = create(2);
        QueryResult rows = connections.query(alice, id, Query.sql("select current_user"));
        assertThat(calls).isEmpty();

        rows.close();

        assertThat(calls).extracting(WarehouseCall::outcome).containsExactly(Outcome.SUCCEEDED);
    }

    @Test
    void aQueryTheConnectionsQueueTurnsAwayIsReportedAsRejected() {
        connections(recorder);
        String id = create(1);
        try (QueryResult running = connections.query(alice, id, Query.sql("select current_user"))) {
            // The one slot is taken and the queue wait is 50 ms: the second caller is turned away.
            assertThatThrownBy(() -> connections.query(alice, id, Query.sql("select current_user")))
                    .isInstanceOf(ConnectionException.class)
                    .extracting(failure -> ((ConnectionException) failure).category())
                    .isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
        }

        assertThat(calls)
                .extracting(WarehouseCall::outcome, WarehouseCall::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Outcome.REJECTED, Optional.of(ErrorCategory.LIMIT_EXCEEDED)),
                        org.assertj.core.groups.Tuple.tuple(Outcome.SUCCEEDED, Optional.empty()));
    }

    @Test
    void poolMetricsCountTheSlotsOfARunningResult() {
        connections(WarehouseObserver.NONE);
        String id = create(3);
        try (QueryResult running = connections.query(alice, id, Query.sql("select current_user"))) {
            assertThat(connections.poolMetrics()).containsEntry(id, new PoolMetrics(1, 0, 3));
            assertThat(connections.poolMetrics().get(id).idle()).isEqualTo(2);
        }
        assertThat(connections.poolMetrics().get(id)).isEqualTo(new PoolMetrics(0, 0, 3));
    }

    @Test
    void statementsWriteBacksAndCatalogPagesAreReportedByKind() {
        connections(recorder);
        String id = create(2);
        connections.execute(alice, id, Query.sql("analyze"));
        connections.createTable(alice, id, List.of("t"), Query.sql("select 1"));
        connections.dropTable(alice, id, List.of("t"));
        connections.catalog(alice, id).databases(PageRequest.first(10));

        assertThat(calls)
                .extracting(WarehouseCall::kind)
                .containsExactly(Kind.EXECUTE, Kind.CREATE_TABLE, Kind.DROP_TABLE, Kind.CATALOG);
        assertThat(calls).allSatisfy(call -> assertThat(call.outcome()).isEqualTo(Outcome.SUCCEEDED));
    }

    @Test
    void aCallRefusedByTheAccessModelReachesNoWarehouseAndIsNotObserved() {
        connections(recorder);
        String id = create(2);
        Principal stranger = new Principal("mallory", "other-org", Role.ADMIN, Set.of());

        assertThatThrownBy(() -> connections.query(stranger, id, Query.sql("select current_user")))
                .isInstanceOf(ConnectionException.class);
        assertThatThrownBy(() -> connections.query(alice, "made-up-id", Query.sql("select current_user")))
                .isInstanceOf(ConnectionException.class);

        assertThat(calls).isEmpty();
    }

    @Test
    void checksNameAStoredConnectionButNotOneBeingCreated() {
        connections(recorder);
        String id = create(2);
        connections.check(alice, id);

        assertThat(checks).containsExactly("memory - true", "memory " + id + " true");
    }

    @Test
    void anObserverThatThrowsNeitherBreaksTheQueryNorHidesItsResult() {
        connections(new WarehouseObserver() {
            @Override
            public void callFinished(WarehouseCall call) {
                throw new IllegalStateException("observer broke");
            }
        });
        String id = create(2);
        try (QueryResult rows = connections.query(alice, id, Query.sql("select current_user"))) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.value(0)).isEqualTo("observer_user");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void aCallThatSucceededCannotCarryAnError() {
        assertThatThrownBy(() -> new WarehouseCall(
                        Kind.QUERY,
                        "id",
                        "memory",
                        Outcome.SUCCEEDED,
                        Optional.of(ErrorCategory.TIMEOUT),
                        Duration.ZERO,
                        0,
                        0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
