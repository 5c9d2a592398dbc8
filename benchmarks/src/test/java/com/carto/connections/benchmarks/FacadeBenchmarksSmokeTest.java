package com.carto.connections.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.store.StoredConnection;
import com.carto.connections.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The listing and borrow-path benchmarks at a tiny size, so `mvn verify` proves both sides of each comparison do the
 * same work; nothing here is timed (the pool benchmark runs in {@link HarnessSmokeTest} with the others).
 */
class FacadeBenchmarksSmokeTest {
    private static final Blackhole SINK = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void theListingAndItsReferenceReadExactlyTheConnectionsTheEditorMaySee() throws Exception {
        PostgresFixture postgres = PostgresFixture.shared();
        try (BenchFacade facade = BenchFacade.start(
                postgres, BenchFacade.StoreKind.POSTGRES, postgres.createDatabase("smoke", false), "smoke_listing")) {
            List<StoredConnection> all = VisibleListing.generate(400);
            all.forEach(facade.store()::insert);
            List<String> expected = all.stream()
                    .filter(VisibleListing::visibleToViewer)
                    .sorted(Comparator.comparing(StoredConnection::name))
                    .map(StoredConnection::id)
                    .toList();
            List<String> listed = new ArrayList<>();
            VisibleListing.sdk(facade.connections(), connection -> listed.add(connection.id()));
            assertThat(listed).hasSizeBetween(VisibleListing.PAGE_SIZE + 1, 399).isEqualTo(expected);
            try (Connection reference =
                    DriverManager.getConnection(facade.storeJdbcUrl(), facade.storeUser(), facade.storePassword())) {
                assertThat(VisibleListing.reference(reference, expected, SINK)).isEqualTo(expected.size());
            }
        }
    }

    @Test
    void everyBorrowPathBenchmarkRunsTheTrivialStatementOrCycle() throws Exception {
        BorrowPathBenchmark benchmark = new BorrowPathBenchmark();
        BorrowPathBenchmark.Warehouse warehouse = new BorrowPathBenchmark.Warehouse();
        warehouse.start();
        BorrowPathBenchmark.Facade facade = new BorrowPathBenchmark.Facade();
        facade.store = "h2";
        facade.start(warehouse);
        try {
            assertThat(benchmark.facadeQuery(facade)).isEqualTo(1L);
            assertThat(benchmark.clientQuery(warehouse)).isEqualTo(1L);
            assertThat(benchmark.rawQuery(warehouse)).isEqualTo(1);
            assertThat(benchmark.rawQueryWithDescribe(warehouse)).isEqualTo(1);
            assertThat(benchmark.rawAutocommitQuery(warehouse)).isEqualTo(1);
            assertThat(benchmark.cacheLease(warehouse)).isSameAs(warehouse.client);
            assertThat(benchmark.hikariBorrow(warehouse).isClosed()).isTrue();
            assertThat(benchmark.storeFind(facade))
                    .hasValueSatisfying(stored -> assertThat(stored.id()).isEqualTo(facade.id));
            assertThat(facade.facade.connections().clientMetrics().leasesOut()).isZero();
            assertThat(warehouse.cache.metrics().leasesOut()).isZero();
        } finally {
            facade.stop();
            warehouse.stop();
        }
    }
}
