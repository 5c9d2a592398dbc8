package com.carto.connections.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The harness at a tiny size, so `mvn verify` proves it runs end to end; it measures nothing worth reading
 * (benchmarks never run in the build), it only checks both sides of every line processed the same rows.
 */
class HarnessSmokeTest {
    @Test
    void runsEveryBenchmarkAtSmokeSizeAndTabulatesIt() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Outcome> outcomes = Harness.run(Sizes.SMOKE, Set.of(), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(outcomes).extracting(Outcome::name).hasSize(Harness.BENCHMARKS.size());
        assertThat(outcomes.get(outcomes.size() - 1).ratio()).startsWith("peak heap");
        assertThat(Harness.table(outcomes))
                .contains("| (1) stream 2,000 rows")
                .contains("(4) 5,000 rows")
                .contains("(10) a granted query by token vs by its owner (20 calls), PostgreSQL store")
                .contains("(10) a granted query by token vs by its owner (20 calls), H2 store");
    }

    @Test
    void bothSidesOfEachComparisonProcessTheSameRows() throws Exception {
        try (BenchEnvironment environment = BenchEnvironment.start(
                Sizes.SMOKE, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertThat(StreamRows.sdk(environment))
                    .isEqualTo(StreamRows.raw(environment))
                    .isEqualTo(Sizes.SMOKE.rows());
            assertThat(JsonRows.sdk(environment))
                    .isEqualTo(JsonRows.raw(environment))
                    .isEqualTo(Sizes.SMOKE.rows());
            assertThat(GeoJsonPoints.sdk(environment))
                    .isEqualTo(GeoJsonPoints.postgis(environment))
                    .isEqualTo(Sizes.SMOKE.points());
        }
    }
}
