package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Results on the Arrow path, the one the provider takes when the JVM opens {@code java.nio} to the driver
 * ({@link DriverArrow}; the surefire execution {@code arrow} runs this class in such a JVM): the driver asks for
 * {@code ARROW_STREAM} with {@code INLINE_OR_EXTERNAL_LINKS}, the fake answers a result of one chunk inline as an Arrow
 * attachment and a larger one as external links to its loopback storage, chunks of five rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksArrowResultsTest {
    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final WarehouseClient client = clients.open(fake.port());

    @BeforeAll
    void arrowPath() {
        assumeTrue(
                DriverArrow.readable(),
                "runs in the surefire execution 'arrow', whose JVM opens java.nio to the driver for Arrow");
    }

    @BeforeEach
    void chunksOfFive() {
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

    private long requestsTo(String part) {
        return fake.requests().stream()
                .filter(request -> request.contains(part))
                .count();
    }

    @Test
    void aResultLargerThanOneChunkIsReadWholeThroughItsExternalLinks() {
        long downloads = requestsTo("/storage/");

        assertThat(read(DatabricksQueries.series(23)))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 23).boxed().toList());

        // Five chunks, each fetched from its pre-signed URL without the workspace's token (the fake refuses one).
        assertThat(requestsTo("/storage/") - downloads).isEqualTo(5);
        assertThat(fake.storageRefusals()).isEmpty();
    }

    @Test
    void aResultOfOneChunkComesInlineAsAnArrowAttachment() {
        long downloads = requestsTo("/storage/");

        assertThat(read(DatabricksQueries.series(5))).containsExactly(1L, 2L, 3L, 4L, 5L);

        assertThat(requestsTo("/storage/") - downloads).isZero();
    }

    @Test
    void anEmptyResultHasNoRows() {
        assertThat(read("select id as n from range(1, 1)")).isEmpty();
    }

    @Test
    void numbersTextAndDatesReadBackFromArrow() {
        try (QueryResult result = client.query(Query.sql(DatabricksQueries.TYPES))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(42L);
            assertThat((BigDecimal) result.value(1)).isEqualByComparingTo("12.345");
            assertThat(result.value(2)).isEqualTo(1.5);
            assertThat(result.value(3)).isEqualTo(true);
            assertThat(result.value(4)).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(result.value(7)).isEqualTo("héllo wörld");
            assertThat(result.value(8)).isNull();
            assertThat(result.next()).isFalse();
        }
    }
}
