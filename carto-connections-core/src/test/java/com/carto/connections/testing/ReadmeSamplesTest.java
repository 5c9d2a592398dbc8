package com.carto.connections.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.ReadmeSamples.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeSamplesTest {
    private static final String README = """
            # A module

            Text before.

            ```java
            Query query = Query.sql("select 1");
            ```

            ```java
              // given: WarehouseClient client, OutputStream out
              try (QueryResult rows = client.query(Query.sql("select 1"))) {
                  rows.writeCsv(out);
              }
            ```

            ```
            not java
            ```
            """;

    @Test
    void findsEachJavaBlockWithTheLineItStartsOnAndItsGivenVariables() {
        List<Sample> samples = ReadmeSamples.javaSamples(README);

        assertThat(samples).extracting(Sample::line).containsExactly(5, 9);
        assertThat(samples.get(0).givens()).isEmpty();
        assertThat(samples.get(1).givens()).containsExactly("WarehouseClient client", "OutputStream out");
        assertThat(samples.get(1).code()).startsWith("// given:");
    }

    @Test
    void aSampleUsingOnlyTheSdkAndItsGivenVariablesCompiles() {
        for (Sample sample : ReadmeSamples.javaSamples(README)) {
            assertThat(ReadmeSamples.compileErrors(sample, List.of())).isEmpty();
        }
    }

    @Test
    void aSampleUsingAVariableItNeitherDeclaresNorGivesDoesNotCompileAndTheErrorNamesItsLine() {
        Sample sample = new Sample(1, "Query query = Query.sql(\"select 1\");\nrows.writeCsv(out);", List.of());

        assertThat(ReadmeSamples.compileErrors(sample, List.of()))
                .isNotEmpty()
                .allSatisfy(error -> assertThat(error).startsWith("sample line 2: cannot find symbol"));
    }
}
