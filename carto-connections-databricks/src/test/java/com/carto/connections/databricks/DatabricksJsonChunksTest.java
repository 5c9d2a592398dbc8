package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Results on the JSON path, the one the provider takes when the JVM does not open {@code java.nio} to the driver
 * ({@link DriverArrow}): the driver asks for {@code JSON_ARRAY} inline, the fake cuts the rows into chunks of five as
 * the service cuts them by size, and databricks-jdbc 3.0.1 reads only the first chunk (notes part E), which
 * {@link CompleteRows} turns into a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksJsonChunksTest {
    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final WarehouseClient client = clients.open(fake.port());

    @BeforeAll
    void jsonPath() {
        assumeFalse(DriverArrow.readable(), "this JVM opens java.nio to the driver, so the provider asks for Arrow");
        fake.chunkRows(5);
    }

    @AfterAll
    void stop() {
        client.close();
        fake.close();
        clients.close();
    }

    private List<Long> read(String sql) {
        List<Long> values = new ArrayList<>();
        try (QueryResult result = client.query(Query.sql(sql))) {
            while (result.next()) {
                values.add((Long) result.value(0));
            }
        }
        return values;
    }

    @Test
    void aResultOfOneChunkIsReadWhole() {
        assertThat(read(DatabricksQueries.series(5))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aResultLargerThanOneChunkFailsInsteadOfEndingAfterTheDriversFirstChunk() {
        List<Long> values = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (QueryResult result = client.query(Query.sql(DatabricksQueries.series(12)))) {
                        while (result.next()) {
                            values.add((Long) result.value(0));
                        }
                    }
                })
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INTERNAL))
                .hasMessageContaining("returned 5 of the 12 rows")
                .hasMessageContaining("--add-opens=java.base/java.nio=ALL-UNNAMED");
        // The driver handed out the first chunk only: the failure comes where its rows end.
        assertThat(values).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(fake.requests()).noneMatch(request -> request.contains("/result/chunks/"));
    }

    @Test
    void aCallerThatStopsWithinTheFirstChunkIsNotFailed() {
        try (QueryResult result = client.query(Query.sql(DatabricksQueries.series(12)))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(1L);
        }
    }
}
