package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fake hands out a JSON result in chunks as the service does ([RESULT] in FakeResult): the rows the driver drops
 * are there to be fetched, so the truncation {@link DatabricksJsonChunksTest} sees is the driver's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakeResultChunksTest {
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final FakeStatementApi api;

    FakeResultChunksTest() throws Exception {
        api = new FakeStatementApi(fake);
        fake.chunkRows(5);
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void anInlineResultListsEveryChunkAndLinksEachToTheNext() throws Exception {
        FakeStatementApi.Reply reply = api.execute(DatabricksQueries.series(12), "JSON_ARRAY", "INLINE");
        JsonNode manifest = reply.body().path("manifest");
        assertThat(manifest.path("total_row_count").asLong()).isEqualTo(12);
        assertThat(manifest.path("total_chunk_count").asLong()).isEqualTo(3);
        assertThat(manifest.path("chunks").findValuesAsText("row_count")).containsExactly("5", "5", "2");

        List<Long> values = new ArrayList<>();
        JsonNode chunk = reply.body().path("result");
        while (true) {
            chunk.path("data_array").forEach(row -> values.add(row.get(0).asLong()));
            if (!chunk.has("next_chunk_internal_link")) {
                break;
            }
            FakeStatementApi.Reply next =
                    api.get(chunk.path("next_chunk_internal_link").asText());
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body().path("chunk_index").asInt())
                    .isEqualTo(chunk.path("next_chunk_index").asInt());
            chunk = next.body();
        }
        assertThat(values)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
    }

    @Test
    void refusesAChunkTheResultDoesNotHave() throws Exception {
        String id = api.execute(DatabricksQueries.series(12), "JSON_ARRAY", "INLINE")
                .body()
                .path("statement_id")
                .asText();

        FakeStatementApi.Reply reply = api.get("/api/2.0/sql/statements/" + id + "/result/chunks/3");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @Test
    void refusesArrowInline() throws Exception {
        FakeStatementApi.Reply reply = api.execute("select 1", "ARROW_STREAM", "INLINE");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("message").asText()).contains("only with EXTERNAL_LINKS");
    }
}
