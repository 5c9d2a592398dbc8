package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.testing.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fake's external links are as strict as pre-signed storage URLs ([LINKS] in FakeStorage). Arrow chunks need a JVM
 * that opens java.nio, so this runs in the surefire execution {@code arrow}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakeExternalLinksTest {
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final ManualClock clock = new ManualClock(Instant.now());
    private FakeStatementApi api;

    @BeforeAll
    void arrowPath() throws Exception {
        assumeTrue(DriverArrow.readable(), "runs in the surefire execution 'arrow', whose JVM opens java.nio");
        fake.chunkRows(5);
        fake.storageClock(clock);
        api = new FakeStatementApi(fake);
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    private JsonNode firstLink() throws Exception {
        FakeStatementApi.Reply reply = api.execute(DatabricksQueries.series(12), "ARROW_STREAM", "EXTERNAL_LINKS");
        assertThat(reply.status()).isEqualTo(200);
        return reply.body().path("result").path("external_links").get(0);
    }

    @Test
    void aLinkIsDownloadedWithoutTheWorkspacesToken() throws Exception {
        JsonNode link = firstLink();

        assertThat(link.path("row_count").asInt()).isEqualTo(5);
        assertThat(link.path("next_chunk_index").asInt()).isEqualTo(1);
        assertThat(api.download(link.path("external_link").asText(), false)).isEqualTo(200);
    }

    @Test
    void refusesADownloadThatCarriesAnAuthorizationHeader() throws Exception {
        assertThat(api.download(firstLink().path("external_link").asText(), true))
                .isEqualTo(400);
        assertThat(fake.storageRefusals()).anyMatch(reason -> reason.contains("Only one auth mechanism"));
    }

    @Test
    void refusesAnUnknownSignature() throws Exception {
        String url = firstLink().path("external_link").asText();

        assertThat(api.download(url.substring(0, url.length() - 4) + "0000", false))
                .isEqualTo(403);
    }

    @Test
    void refusesALinkAfterItsExpirationAndTheChunkEndpointGivesAFreshOne() throws Exception {
        JsonNode link = firstLink();
        assertThat(Duration.between(
                        clock.instant(), Instant.parse(link.path("expiration").asText())))
                .isEqualTo(Duration.ofMinutes(15));

        clock.advance(Duration.ofMinutes(15));

        assertThat(api.download(link.path("external_link").asText(), false)).isEqualTo(403);
        FakeStatementApi.Reply fresh =
                api.get(link.path("next_chunk_internal_link").asText().replace("/chunks/1", "/chunks/0"));
        assertThat(api.download(
                        fresh.body()
                                .path("external_links")
                                .get(0)
                                .path("external_link")
                                .asText(),
                        false))
                .isEqualTo(200);
    }
}
