package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.PropertyValues;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The check bounds the login by its stage deadline itself, for drivers that have no connect timeout or ignore it. */
class CheckDeadlineTest {
    @Test
    void stopsWaitingForALoginThatNeverAnswersSoonAfterTheStageDeadline() throws IOException {
        try (SilentServer server = new SilentServer()) {
            FixtureProvider provider = new FixtureProvider(
                    new NoTimeoutsDialect(),
                    FixtureProvider.ALL,
                    settings -> FixtureProvider.factory(settings, new org.postgresql.Driver())
                            .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)))
                            .build());
            Map<String, Object> raw = Map.of(
                    "host",
                    "127.0.0.1",
                    "port",
                    server.port(),
                    "database",
                    "silent",
                    "username",
                    "carto",
                    "password",
                    Secret.of("unused"));
            ConnectionSettings settings = new ConnectionSettings(
                    "silent",
                    FixtureProvider.PASSWORD_METHOD,
                    PropertyValues.parse(raw, FixtureProvider.PASSWORD_METHOD.properties()),
                    AdvancedOptions.defaults(provider.dialect()),
                    "owner");
            try (WarehouseClient client = provider.open(settings)) {
                long started = System.nanoTime();
                CheckReport report = assertTimeoutPreemptively(
                        Duration.ofSeconds(20),
                        () -> client.check(CheckOptions.defaults().withStageDeadline(Duration.ofSeconds(1))));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
                assertThat(report.stage(CheckStage.CONNECT).status()).isEqualTo(StageResult.Status.PASSED);
                assertThat(failure.stage()).isEqualTo(CheckStage.AUTHENTICATE);
                assertThat(failure.category()).contains(ErrorCategory.TIMEOUT);
                assertThat(took).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    /** pgjdbc without its login and socket timeouts: it waits for the server's answer as long as it takes. */
    private static final class NoTimeoutsDialect extends FixtureProvider.FixtureDialect {
        @Override
        public Map<String, String> connectTimeoutProperties(Duration deadline) {
            return Map.of();
        }
    }

    /** Accepts connections on loopback and never says a word, as a blackholed warehouse would. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread acceptor = new Thread(
                    () -> {
                        try {
                            while (!socket.isClosed()) {
                                accepted.add(socket.accept());
                            }
                        } catch (IOException e) {
                            // Closed: the test is over.
                        }
                    },
                    "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }
}
