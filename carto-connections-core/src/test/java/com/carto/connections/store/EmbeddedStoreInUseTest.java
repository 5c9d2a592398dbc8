package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreInUseTest {
    @TempDir
    Path directory;

    @Test
    void aSecondProcessOpeningTheStoreGetsATypedErrorSayingItIsInUse() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        StoreHolder.class.getName(),
                        directory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            // Loggers may write to standard output too: wait for the holder's own line.
            StringBuilder before = new StringBuilder();
            String line;
            while ((line = output.readLine()) != null && !line.equals(StoreHolder.OPEN)) {
                before.append(line).append('\n');
            }
            assertThat(line)
                    .as("the holder opened the store; it printed:%n%s", before)
                    .isEqualTo(StoreHolder.OPEN);

            ConnectionException failure =
                    catchThrowableOfType(ConnectionException.class, () -> ConnectionStore.embedded(directory));

            assertThat(failure.category()).isEqualTo(ErrorCategory.CONFLICT);
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure)
                    .hasMessageContaining(directory.toAbsolutePath().toString())
                    .hasMessageContaining("in use by another process");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        // Once the other process is gone, the store opens.
        try (ConnectionStore store = ConnectionStore.embedded(directory)) {
            assertThat(store.find("any")).isEmpty();
        }
    }
}
