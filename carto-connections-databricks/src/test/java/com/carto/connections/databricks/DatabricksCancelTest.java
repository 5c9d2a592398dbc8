package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A query past its timeout is cancelled on the warehouse: the fake records the cancel call of the statement it was
 * running (its first reply held the ten seconds the service holds one, so the driver's own execute would not yet have
 * known the statement's id), and its engine stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksCancelTest {
    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final WarehouseClient client = clients.open(fake.port());

    /** The pool's first login, which a cold driver takes about a second for, is not what the timeout is about. */
    @BeforeAll
    void openAConnection() {
        try (QueryResult result = client.query(Query.sql(DatabricksQueries.series(1)))) {
            assertThat(result.next()).isTrue();
        }
    }

    @AfterAll
    void stop() {
        client.close();
        fake.close();
        clients.close();
    }

    @Test
    void cancelsABusyQueryOnTheWarehouseAtItsTimeoutAndReportsTimeout() throws InterruptedException {
        Throwable failure = catchThrowable(() -> {
            try (QueryResult result =
                    client.query(Query.sql(DatabricksQueries.busy()).timeout(Duration.ofSeconds(1)))) {
                result.next();
            }
        });

        assertThat(failure)
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        timeout -> assertThat(timeout.category()).isEqualTo(ErrorCategory.TIMEOUT));
        // The cancel at the deadline, and the close of the connection aborted just after it, reach the one busy
        // statement.
        assertThat(Set.copyOf(fake.cancelsWhileRunning())).hasSize(1);
        // Before the fake would have answered a synchronous post (it holds it the service's 10 s): the statement's id
        // was known without that answer, which the driver's own execute waits for.
        assertThat(fake.cancelAges()).isNotEmpty().allMatch(age -> age.compareTo(Duration.ofSeconds(10)) < 0);
        assertThat(fake.awaitIdle(Duration.ofSeconds(30))).isZero();
    }

    @Test
    void runsAQueryAfterACancelledOneOnTheSameClient() throws InterruptedException {
        catchThrowable(() -> client.query(Query.sql(DatabricksQueries.busy()).timeout(Duration.ofSeconds(1)))
                .close());
        fake.awaitIdle(Duration.ofSeconds(30));

        try (QueryResult result = client.query(Query.sql(DatabricksQueries.series(3)))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(1L);
        }
    }
}
