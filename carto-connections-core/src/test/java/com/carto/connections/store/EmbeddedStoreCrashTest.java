package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreCrashTest {
    @TempDir
    Path directory;

    @Test
    void reopensWithAWholeVersionAfterTheWriterIsKilledMidWrite() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingWriter.class.getName(),
                        directory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long lastCommitted = 0;
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && lastCommitted < 300) {
                if (line.startsWith(CrashingWriter.COMMITTED)) {
                    lastCommitted = Long.parseLong(
                            line.substring(CrashingWriter.COMMITTED.length()).strip());
                }
            }
        } finally {
            // SIGKILL: no shutdown hook, no H2 close; the next write is cut wherever it is.
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastCommitted)
                .as("the writer committed versions before it was killed")
                .isGreaterThanOrEqualTo(300);

        try (ConnectionStore reopened = ConnectionStore.embedded(directory)) {
            StoredConnection survivor = reopened.find(CrashingWriter.ID).orElseThrow();
            assertThat(survivor.version()).isGreaterThanOrEqualTo(lastCommitted);
            assertThat(survivor).isEqualTo(CrashingWriter.version(survivor.version()));
        }
    }
}
