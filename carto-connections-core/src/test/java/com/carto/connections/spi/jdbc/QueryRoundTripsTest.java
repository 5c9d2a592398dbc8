package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.PostgresWire;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The round trips of a query, counted on the wire: a result read through a cursor pays for the transaction that
 * holds it (a {@code BEGIN} sent with the query, a commit or rollback at close), and a result whose row limit fits
 * in one fetch, read whole by its execute, runs in autocommit in one round trip.
 */
class QueryRoundTripsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static String database;

    private PostgresWire wire;
    private WarehouseClient client;

    @BeforeAll
    static void warehouse() {
        database = POSTGRES.createDatabase("round_trips", false);
        POSTGRES.psql(database, "create table numbers as select g as n from generate_series(1, 15000) g");
    }

    @BeforeEach
    void open() {
        wire = PostgresWire.to(POSTGRES.port());
        FixtureProvider provider = FixtureProvider.standard();
        client = provider.open(provider.settings(
                wire.host(), wire.port(), database, POSTGRES.superuser(), POSTGRES.superuserPassword(), Map.of()));
    }

    @AfterEach
    void close() {
        client.close();
        wire.close();
    }

    /** Reads {@code rows} rows (or all), then closes the result; returns how many were read. */
    private long read(Query query, long rows) {
        long read = 0;
        try (QueryResult result = client.query(query)) {
            while (read < rows && result.next()) {
                read++;
            }
        }
        return read;
    }

    /** The statement once first: the login, and the describe that finds it has no geometry column, are behind. */
    private void warm(Query query) {
        read(query, 1);
        wire.clear();
    }

    private static List<String> transactionCommands(List<PostgresWire.RoundTrip> trips) {
        return trips.stream()
                .flatMap(trip -> trip.statements().stream())
                .filter(sql -> List.of("BEGIN", "COMMIT", "ROLLBACK").contains(sql))
                .toList();
    }

    @Test
    void aResultCappedWithinOneFetchRunsInAutocommitInOneRoundTrip() {
        Query capped = Query.sql("select n from numbers order by n").maxRows(5);
        warm(capped);

        assertThat(read(capped, 1)).isEqualTo(1);

        assertThat(wire.roundTripsOfWork())
                .singleElement()
                .satisfies(trip -> assertThat(trip.statements())
                        .singleElement()
                        .asString()
                        .contains("select n from numbers order by n"));
        assertThat(transactionCommands(wire.roundTrips())).isEmpty();
    }

    @Test
    void aResultWithoutARowLimitStillReadsThroughACursorInATransaction() {
        Query unlimited = Query.sql("select n from numbers order by n");
        warm(unlimited);

        assertThat(read(unlimited, Long.MAX_VALUE)).isEqualTo(15000);

        // pgjdbc's BEGIN, the first fetch (10,000 rows), a second fetch for the other 5,000, and the commit.
        assertThat(wire.roundTripsOfWork()).hasSize(4);
        assertThat(transactionCommands(wire.roundTrips())).containsExactly("BEGIN", "COMMIT");
    }

    @Test
    void aResultCappedAtOneFetchOrMoreStillReadsThroughACursor() {
        // maxRows + 1 rows are asked for, so that an exceeded limit is seen: one more than a fetch holds.
        Query capped =
                Query.sql("select n from numbers order by n").maxRows(new FixtureProvider.FixtureDialect().fetchSize());
        warm(capped);

        read(capped, 1);

        assertThat(wire.roundTripsOfWork()).hasSize(3);
        assertThat(transactionCommands(wire.roundTrips())).containsExactly("BEGIN", "ROLLBACK");
    }

    @Test
    void aCappedQueryPastItsTimeoutIsCancelledOnTheWarehouseAndItsConnectionServesTheNextQuery() {
        Query slow = Query.sql("select pg_sleep(30) /* marker_capped_sleep */")
                .maxRows(1)
                .timeout(Duration.ofSeconds(1));

        ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> read(slow, 1));

        assertThat(failure).isNotNull();
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(POSTGRES.psql(
                        database,
                        "select count(*) from pg_stat_activity where pid <> pg_backend_pid() and state <> 'idle'"
                                + " and position('marker_capped_sleep' in query) > 0"))
                .isEqualTo("0");
        assertThat(read(Query.sql("select 1").maxRows(1), 1)).isEqualTo(1);
    }
}
