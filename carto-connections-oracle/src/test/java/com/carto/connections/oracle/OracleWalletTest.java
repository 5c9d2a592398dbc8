package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet auth method offline: a generated wallet zip unpacked into a private directory that the real driver reads
 * its {@code tnsnames.ora} from, deleted when the client closes, refused when it is not a wallet, and left-behind
 * directories of dead processes cleaned on the next start.
 */
class OracleWalletTest {
    @TempDir
    Path temporary;

    private Path base;
    private WalletDirectories wallets;
    private OracleProvider provider;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void createProvider() {
        base = temporary.resolve("wallets");
        wallets = new WalletDirectories(base);
        provider = new OracleProvider(new oracle.jdbc.OracleDriver(), wallets);
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void theDriverFindsTheAliasInTheUnpackedWallet() throws IOException {
        CheckReport report;
        try (WarehouseClient client = open(walletProperties(
                WalletZips.base64(WalletZips.autonomousStyle(LoopbackPeer.closedPort())), "carto_high"))) {
            report = client.check(CheckOptions.defaults().withStageDeadline(Duration.ofSeconds(2)));
        }
        StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
        // 12541 is "no listener at 127.0.0.1": the address came from the wallet's tnsnames.ora. Without it the
        // driver would have said 12154 (alias not found) or 12263 (no tnsnames.ora).
        assertThat(failure.message())
                .hasValueSatisfying(message -> assertThat(message).contains("12541"));
        assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
    }

    @Test
    void unpacksIntoADirectoryOnlyTheOwnerCanReadAndDeletesItOnClose() throws IOException {
        Path directory;
        try (WarehouseClient client =
                open(walletProperties(WalletZips.base64(WalletZips.autonomousStyle(1522)), "carto_low"))) {
            directory = onlyWalletDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("cwallet.sso"))))
                    .isEqualTo("rw-------");
            assertThat(directory.resolve("tnsnames.ora")).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(base)))
                    .isEqualTo("rwx------");
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void namesTheAliasesTheWalletDefinesWhenTheAliasIsMissing() {
        assertThatThrownBy(() ->
                        open(walletProperties(WalletZips.base64(WalletZips.autonomousStyle(1522)), "carto_medium")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, failure -> {
                    assertThat(failure.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.property()).isEqualTo("tnsAlias");
                        assertThat(problem.message()).contains("carto_high", "carto_low");
                    });
                });
        assertThat(walletDirectories()).isEmpty();
    }

    @Test
    void refusesTextThatIsNotBase64() {
        assertRefusedWallet("not base64 ~~~", "base64");
    }

    @Test
    void refusesBase64ThatIsNotAZip() {
        assertRefusedWallet(Base64.getEncoder().encodeToString("just text".getBytes(StandardCharsets.UTF_8)), "zip");
    }

    @Test
    void refusesAZipWithoutAWalletFile() {
        Map<String, byte[]> files = new LinkedHashMap<>(WalletZips.autonomousStyle(1522));
        files.remove("cwallet.sso");
        assertRefusedWallet(WalletZips.base64(files), "neither cwallet.sso nor ewallet.p12");
    }

    @Test
    void refusesAnEntryWhosePathLeavesTheWalletDirectory() {
        Map<String, byte[]> files = new LinkedHashMap<>(WalletZips.autonomousStyle(1522));
        files.put("../../escaped.txt", new byte[] {1});
        assertRefusedWallet(WalletZips.base64(files), "leaves the wallet directory");
        assertThat(temporary.resolve("escaped.txt")).doesNotExist();
        assertThat(base.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void refusesAnEntryLargerThanAWalletFileCanBe() {
        Map<String, byte[]> files = new LinkedHashMap<>(WalletZips.autonomousStyle(1522));
        files.put("huge.bin", new byte[(1 << 20) + 1]);
        assertRefusedWallet(WalletZips.base64(files), "larger than");
    }

    @Test
    void keepsAWalletEntryInsideADirectoryByItsFileName() throws IOException {
        Map<String, byte[]> nested = new LinkedHashMap<>();
        WalletZips.autonomousStyle(1522).forEach((name, content) -> nested.put("Wallet_carto/" + name, content));
        try (WarehouseClient client = open(walletProperties(WalletZips.base64(nested), "carto_high"))) {
            assertThat(onlyWalletDirectory().resolve("tnsnames.ora")).exists();
        }
    }

    @Test
    void deletesDirectoriesLeftByAProcessThatEnded() throws IOException {
        Files.createDirectories(
                base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path stale = Files.createDirectory(base.resolve("wallet-stale"));
        Files.writeString(stale.resolve("carto-owner"), deadPid() + " 2020-01-01T00:00:00Z");
        Files.write(stale.resolve("cwallet.sso"), new byte[] {1});
        Path live = Files.createDirectory(base.resolve("wallet-live"));
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(
                live.resolve("carto-owner"),
                self.pid() + " "
                        + self.info().startInstant().map(Object::toString).orElse("?"));
        try (WarehouseClient client =
                open(walletProperties(WalletZips.base64(WalletZips.autonomousStyle(1522)), "carto_high"))) {
            assertThat(stale).doesNotExist();
            assertThat(live).exists();
        }
    }

    @Test
    void refusesABaseDirectoryOthersCanRead() throws IOException {
        Files.createDirectories(
                base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(
                        () -> open(walletProperties(WalletZips.base64(WalletZips.autonomousStyle(1522)), "carto_high")))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.getMessage()).contains("closed to others"));
        assertThat(walletDirectories()).isEmpty();
    }

    @Test
    void neverWritesTheWalletPasswordOrPasswordIntoTheUrlOrTheDirectory() throws IOException {
        Map<String, Object> properties =
                walletProperties(WalletZips.base64(WalletZips.autonomousStyle(1522)), "carto_high");
        properties.put("walletPassword", "wallet-canary-5e1");
        try (WarehouseClient client = open(properties)) {
            assertThat(client.toString()).doesNotContain("wallet-canary-5e1", "password-canary-7f2");
            try (Stream<Path> files = Files.walk(onlyWalletDirectory())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                            .doesNotContain("wallet-canary-5e1", "password-canary-7f2");
                }
            }
        }
    }

    private void assertRefusedWallet(String wallet, String reason) {
        assertThatThrownBy(() -> wallets.unpack(Secret.of(wallet), Optional.empty()))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .singleElement()
                                .satisfies(problem -> {
                                    assertThat(problem.property()).isEqualTo("wallet");
                                    assertThat(problem.message()).contains(reason);
                                }));
        assertThat(walletDirectories()).isEmpty();
    }

    private static Map<String, Object> walletProperties(String wallet, String alias) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("wallet", wallet);
        properties.put("tnsAlias", alias);
        properties.put("username", "ADMIN");
        properties.put("password", "password-canary-7f2");
        return properties;
    }

    private WarehouseClient open(Map<String, Object> properties) {
        return provider.open(
                Providers.of(provider).settings("wallet", "oracle", "wallet", properties, Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()));
    }

    private Path onlyWalletDirectory() {
        List<Path> directories = walletDirectories();
        assertThat(directories).hasSize(1);
        return directories.get(0);
    }

    private List<Path> walletDirectories() {
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(base)) {
            return list.filter(path -> path.getFileName().toString().startsWith("wallet-"))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A pid no process has: past the largest pid Linux hands out. */
    private static long deadPid() {
        return 4_194_305L;
    }
}
