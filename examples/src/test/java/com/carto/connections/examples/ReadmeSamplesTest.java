package com.carto.connections.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.ReadmeSamples;
import com.carto.connections.testing.ReadmeSamples.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every Java sample of the root README compiles as written, against the SDK a reader gets. */
class ReadmeSamplesTest {
    private static final Path README = Path.of("..", "README.md");

    @TestFactory
    Stream<DynamicTest> everyJavaSampleOfTheReadmeCompiles() {
        List<Sample> samples = ReadmeSamples.javaSamples(README);
        assertThat(samples).hasSizeGreaterThanOrEqualTo(4);
        return samples.stream()
                .map(sample -> DynamicTest.dynamicTest(
                        "README.md line " + sample.line(),
                        () -> assertThat(ReadmeSamples.compileErrors(
                                        sample,
                                        List.of("com.carto.connections.postgres", "com.carto.connections.micrometer")))
                                .as("README.md, the sample at line %d", sample.line())
                                .isEmpty()));
    }
}
