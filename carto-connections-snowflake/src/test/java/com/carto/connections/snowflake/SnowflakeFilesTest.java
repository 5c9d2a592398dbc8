package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing lands under the user's home or the working directory: the driver's OCSP cache (notes B.1) goes to the
 * temporary directory, and error answers always carry the fields whose absence makes the driver write
 * {@code output.json} (notes B.6-3). The build runs tests with {@code user.home} in {@code target/test-home}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeFilesTest {
    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().user("TESTER", "secret");

    private final TestClients clients = new TestClients();

    @AfterAll
    void closeClients() {
        clients.close();
    }

    @Test
    void pointsTheDriversOcspCacheAtTheTemporaryDirectory() {
        new SnowflakeProvider();
        assertThat(Path.of(System.getProperty("net.snowflake.jdbc.ocspResponseCacheDir")))
                .startsWith(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void writesNothingUnderTheHomeOrWorkingDirectoryThroughLoginsQueriesAndFailures() throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> homeBefore = files(home);
        List<Path> workingBefore = files(Path.of(""));
        SnowflakeProvider provider = TestProviders.against(FAKE);
        try (WarehouseClient client =
                clients.open(provider, "snowflake_account", TestProviders.passwordProperties(FAKE))) {
            assertThat(client.check(CheckOptions.defaults().withWriteTest()).ok())
                    .isTrue();
        }
        Map<String, Object> wrong = new HashMap<>(TestProviders.passwordProperties(FAKE));
        wrong.put("password", "wrong");
        try (WarehouseClient client = clients.open(provider, "snowflake_account", wrong)) {
            assertThat(client.check(CheckOptions.defaults()).ok()).isFalse();
        }
        assertThat(files(home)).isEqualTo(homeBefore);
        assertThat(files(Path.of(""))).isEqualTo(workingBefore).doesNotContain(Path.of("output.json"));
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> found = Files.walk(directory, 3)) {
            return found.filter(path -> !path.startsWith(Path.of("target")))
                    .sorted()
                    .toList();
        }
    }
}
