package com.carto.connections.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.ReadmeSamples;
import com.carto.connections.testing.ReadmeSamples.Sample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StarterReadmeTest {
    @Test
    void everyJavaSampleOfTheReadmeCompiles() {
        List<Sample> samples = ReadmeSamples.javaSamples(Path.of("README.md"));

        assertThat(samples).isNotEmpty();
        for (Sample sample : samples) {
            assertThat(ReadmeSamples.compileErrors(sample, List.of()))
                    .as("README.md, the sample at line %d", sample.line())
                    .isEmpty();
        }
    }
}
