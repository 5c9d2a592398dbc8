package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service that is down, silent or failing costs a bounded time, not the driver's defaults (300 s of login retries,
 * 7 retries with back-off per failed call: notes B.6-4).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeDeadlineTest {
    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().user("TESTER", "secret");

    private final TestClients clients = new TestClients();

    @AfterAll
    void closeClients() {
        clients.close();
    }

    @Test
    void failsTheConnectStageAtOnceOnAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        try (WarehouseClient client = clients.open(
                new SnowflakeProvider(SnowflakeHost.fixed("127.0.0.1", port, false)),
                "snowflake_account",
                TestProviders.passwordProperties(FAKE))) {
            CheckReport report = client.check(CheckOptions.defaults());
            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(failure.stage()).isEqualTo(CheckStage.CONNECT);
            assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
            assertThat(failure.suspectProperties()).contains("account");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failsTheCheckWithinItsStageDeadlineAgainstAServiceThatNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Swallower swallower = new Swallower(silent)) {
            long start = System.nanoTime();
            try (WarehouseClient client = clients.open(
                    new SnowflakeProvider(SnowflakeHost.fixed("127.0.0.1", silent.getLocalPort(), false)),
                    "snowflake_account",
                    TestProviders.passwordProperties(FAKE))) {
                CheckReport report = client.check(CheckOptions.defaults().withStageDeadline(Duration.ofSeconds(2)));
                StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
                assertThat(failure.stage()).isEqualTo(CheckStage.AUTHENTICATE);
                assertThat(failure.category()).contains(ErrorCategory.TIMEOUT);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void failsAQueryWithinItsTimeoutWhileTheServiceAnswers503() {
        try (WarehouseClient client = clients.open(
                TestProviders.against(FAKE), "snowflake_account", TestProviders.passwordProperties(FAKE))) {
            FAKE.failNextRequests(1_000);
            long start = System.nanoTime();
            Throwable failure = catchThrowable(
                    () -> client.query(Query.sql("select 1 as \"one\"").timeout(Duration.ofSeconds(5)))
                            .close());
            FAKE.failNextRequests(0);
            assertThat(failure).isInstanceOf(ConnectionException.class);
            assertThat(((ConnectionException) failure).category())
                    .isIn(ErrorCategory.UNAVAILABLE, ErrorCategory.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void retriesAFailingServiceAFewTimesNotForMinutes() {
        try (WarehouseClient client = clients.open(
                TestProviders.against(FAKE), "snowflake_account", TestProviders.passwordProperties(FAKE))) {
            client.query(Query.sql("select 1 as \"one\"")).close();
            FAKE.failNextRequests(1_000);
            int before = FAKE.requests().size();
            long start = System.nanoTime();
            Throwable failure = catchThrowable(
                    () -> client.query(Query.sql("select 2 as \"two\"").timeout(Duration.ofSeconds(30)))
                            .close());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            FAKE.failNextRequests(0);
            List<String> calls = new ArrayList<>(
                    FAKE.requests().subList(before, FAKE.requests().size()));
            assertThat(failure).as(calls.toString()).isInstanceOf(ConnectionException.class);
            // The failed statement, and the rollback that returns its connection to the pool, each sent at most four
            // times (measured: 8 calls in 18 s; the driver's default retries one call for about a minute).
            assertThat(calls).as(elapsed.toString()).hasSizeLessThanOrEqualTo(8);
            assertThat(elapsed).isLessThan(Duration.ofSeconds(25));
        }
    }

    /** Accepts connections and reads them, never answering: a service that has gone silent. */
    private static final class Swallower implements AutoCloseable {
        private final Thread thread;
        private final List<Socket> accepted = new ArrayList<>();

        Swallower(ServerSocket server) {
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        synchronized (accepted) {
                            accepted.add(socket);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
