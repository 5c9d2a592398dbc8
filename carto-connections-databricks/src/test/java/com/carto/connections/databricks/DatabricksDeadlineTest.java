package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.databricks.fake.StatementExecutionFake;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A workspace that is down, silent or starting its warehouse costs the check its stage deadline, not the driver's
 * defaults: about 16 s of retries on a closed port (notes part B), 900 s of socket timeout and of retries of a 503.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksDeadlineTest {
    private static final Duration STAGE_DEADLINE = Duration.ofSeconds(3);

    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));

    @AfterAll
    void stop() {
        fake.close();
        clients.close();
    }

    @Test
    void failsTheConnectStageAtOnceOnAClosedPort() throws IOException {
        int port = closedPort();
        long start = System.nanoTime();
        try (WarehouseClient client = clients.open(port)) {
            CheckReport report = client.check(CheckOptions.defaults().withStageDeadline(STAGE_DEADLINE));
            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(failure.stage()).isEqualTo(CheckStage.CONNECT);
            assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
        }
        assertThat(elapsedSince(start)).isLessThan(STAGE_DEADLINE);
    }

    @Test
    void failsAQueryOnAClosedPortWithinItsTimeoutNotAfterTheDriversRetries() throws IOException {
        int port = closedPort();
        long start = System.nanoTime();
        try (WarehouseClient client =
                clients.open(port, DatabricksProviderTest.properties(), Map.of("queryTimeout", 20))) {
            Throwable failure =
                    catchThrowable(() -> client.query(Query.sql("select 1")).close());
            assertThat(failure).isInstanceOf(ConnectionException.class);
            assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        }
        // The driver's own retries of a refused connection last about 16 s (notes part B).
        assertThat(elapsedSince(start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void failsTheCheckWithinItsStageDeadlineAgainstAWorkspaceThatNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Swallower swallower = new Swallower(silent)) {
            long start = System.nanoTime();
            try (WarehouseClient client = clients.open(silent.getLocalPort())) {
                CheckReport report = client.check(CheckOptions.defaults().withStageDeadline(STAGE_DEADLINE));
                StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
                assertThat(failure.stage()).isEqualTo(CheckStage.AUTHENTICATE);
                assertThat(failure.category()).contains(ErrorCategory.TIMEOUT);
            }
            assertThat(elapsedSince(start)).isLessThan(STAGE_DEADLINE.multipliedBy(2));
        }
    }

    @Test
    void reportsAStartingWarehouseAsUnavailableAndRetryableWithAHintWithinTheStageDeadline() {
        fake.fail(StatementExecutionFake.Failure.warehouseStarting(DatabricksProviderTest.WAREHOUSE));
        try (WarehouseClient client = clients.open(fake.port())) {
            long start = System.nanoTime();
            CheckReport report = client.check(CheckOptions.defaults().withStageDeadline(STAGE_DEADLINE));
            Duration elapsed = elapsedSince(start);

            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(failure.category()).as(report.summary()).contains(ErrorCategory.UNAVAILABLE);
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.hint())
                    .hasValueSatisfying(hint -> assertThat(hint).contains("starting"));
            assertThat(elapsed).isLessThan(STAGE_DEADLINE.multipliedBy(2));
        } finally {
            fake.recover();
        }
    }

    @Test
    void stopsTheCheckAtItsDeadlineWhenTheServiceAsksToRetryMuchLater() {
        fake.fail(new StatementExecutionFake.Failure(
                503, "TEMPORARILY_UNAVAILABLE", "SQL warehouse is starting.", Optional.of(60)));
        try (WarehouseClient client = clients.open(fake.port())) {
            long start = System.nanoTime();
            CheckReport report = client.check(CheckOptions.defaults().withStageDeadline(STAGE_DEADLINE));
            Duration elapsed = elapsedSince(start);

            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            // The driver is still waiting out the Retry-After: all the check knows is that no login came in time.
            assertThat(failure.category()).contains(ErrorCategory.TIMEOUT);
            assertThat(elapsed).isLessThan(STAGE_DEADLINE.multipliedBy(2));
        } finally {
            fake.recover();
        }
    }

    @Test
    void failsAQueryOnAStartingWarehouseAsUnavailableWithinItsTimeout() {
        fake.fail(StatementExecutionFake.Failure.warehouseStarting(DatabricksProviderTest.WAREHOUSE));
        try (WarehouseClient client =
                clients.open(fake.port(), DatabricksProviderTest.properties(), Map.of("queryTimeout", 10))) {
            long start = System.nanoTime();
            Throwable failure =
                    catchThrowable(() -> client.query(Query.sql("select 1")).close());
            Duration elapsed = elapsedSince(start);

            assertThat(failure).isInstanceOf(ConnectionException.class);
            assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
            assertThat(elapsed).isLessThan(Duration.ofSeconds(15));
        } finally {
            fake.recover();
        }
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Accepts connections and never answers: a workspace gone silent. */
    private static final class Swallower implements AutoCloseable {
        private final List<Socket> accepted = new ArrayList<>();

        Swallower(ServerSocket server) {
            Thread thread = new Thread(() -> {
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
