package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way a wrong or broken address fails, produced for real: the provider's check with the real thin driver
 * against loopback peers that are not Oracle listeners, each reported at its stage, with its category, within the
 * stage deadline. The driver's behaviour against each peer is in the notes (ojdbc 23, part C).
 */
class OracleNetworkFailuresTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** The check stops waiting a little after the deadline; slow CI machines get a second more. */
    private static final Duration BOUND = DEADLINE.plusSeconds(3);

    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void startScheduler() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void aClosedPortFailsTheConnectStageAsUnavailable() throws IOException {
        StageResult failure = failureOf(hostAndPort(LoopbackPeer.closedPort()));
        assertThat(failure.stage()).isEqualTo(CheckStage.CONNECT);
        assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
        assertThat(failure.suspectProperties()).contains("host", "port");
    }

    @Test
    void aClosedPortInADescriptorFailsInTheDriverAsNoListener() throws IOException {
        StageResult failure = failureOf(descriptor(LoopbackPeer.closedPort()));
        assertThat(failure.stage()).isEqualTo(CheckStage.CONNECT);
        assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
        assertThat(failure.message())
                .hasValueSatisfying(message -> assertThat(message).contains("12541"));
    }

    @Test
    void aSilentPeerIsGivenUpWithinTheStageDeadline() throws IOException {
        try (LoopbackPeer peer = new LoopbackPeer(LoopbackPeer.Behaviour.SILENT)) {
            long start = System.nanoTime();
            StageResult failure = failureOf(descriptor(peer.port()));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
            assertThat(elapsed).isLessThan(BOUND);
        }
    }

    @Test
    void aSilentPeerBehindAnOpenPortFailsAfterTheConnectStage() throws IOException {
        try (LoopbackPeer peer = new LoopbackPeer(LoopbackPeer.Behaviour.SILENT)) {
            long start = System.nanoTime();
            CheckReport report = check(hostAndPort(peer.port()));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(report.stages().get(CheckStage.CONNECT.ordinal()).status())
                    .isEqualTo(StageResult.Status.PASSED);
            assertThat(failure.stage()).as(report.summary()).isEqualTo(CheckStage.AUTHENTICATE);
            assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
            assertThat(elapsed).isLessThan(BOUND);
        }
    }

    @Test
    void aPeerThatClosesIsUnavailable() throws IOException {
        try (LoopbackPeer peer = new LoopbackPeer(LoopbackPeer.Behaviour.CLOSES)) {
            StageResult failure = failureOf(descriptor(peer.port()));
            assertThat(failure.category()).contains(ErrorCategory.UNAVAILABLE);
            assertThat(failure.message())
                    .hasValueSatisfying(message -> assertThat(message).contains("17800"));
        }
    }

    @Test
    void aPeerSpeakingHttpIsReportedAsTheWrongServer() throws IOException {
        try (LoopbackPeer peer = new LoopbackPeer(LoopbackPeer.Behaviour.SPEAKS_HTTP)) {
            StageResult failure = failureOf(descriptor(peer.port()));
            assertThat(failure.category()).contains(ErrorCategory.INVALID_CONFIGURATION);
            assertThat(failure.message())
                    .hasValueSatisfying(message -> assertThat(message).contains("17904"));
        }
    }

    @Test
    void tlsToAPeerThatIsNotTlsFailsWithinTheDeadline() throws IOException {
        try (LoopbackPeer peer = new LoopbackPeer(LoopbackPeer.Behaviour.SPEAKS_HTTP)) {
            long start = System.nanoTime();
            StageResult failure = failureOf(Map.of(
                    "connectDescriptor",
                    "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=127.0.0.1)(PORT=" + peer.port()
                            + "))(CONNECT_DATA=(SERVICE_NAME=FREEPDB1)))",
                    "username",
                    "scott",
                    "password",
                    "tiger"));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.stage()).isEqualTo(CheckStage.CONNECT);
            assertThat(failure.category()).isPresent();
            assertThat(elapsed).isLessThan(BOUND);
        }
    }

    @Test
    void anUnresolvableHostFailsTheResolveStage() {
        Map<String, Object> properties = new HashMap<>(hostAndPort(1521));
        properties.put("host", "oracle.carto-test.invalid");
        StageResult failure = failureOf(properties);
        assertThat(failure.stage()).isEqualTo(CheckStage.RESOLVE_HOST);
        assertThat(failure.suspectProperties()).contains("host");
    }

    @Test
    void anUnresolvableHostInADescriptorIsReportedByTheDriverAsUnknown() {
        StageResult failure = failureOf(Map.of(
                "connectDescriptor",
                "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=oracle.carto-test.invalid)(PORT=1521))"
                        + "(CONNECT_DATA=(SERVICE_NAME=FREEPDB1)))",
                "username",
                "scott",
                "password",
                "tiger"));
        assertThat(failure.category()).contains(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.message())
                .hasValueSatisfying(message -> assertThat(message).contains("17868"));
    }

    static Map<String, Object> hostAndPort(int port) {
        return Map.of(
                "host", "127.0.0.1", "port", port, "serviceName", "FREEPDB1", "username", "scott", "password", "tiger");
    }

    static Map<String, Object> descriptor(int port) {
        return Map.of(
                "connectDescriptor",
                "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=" + port
                        + "))(CONNECT_DATA=(SERVICE_NAME=FREEPDB1)))",
                "username",
                "scott",
                "password",
                "tiger");
    }

    private static StageResult failureOf(Map<String, Object> properties) {
        CheckReport report = check(properties);
        return report.failure().orElseThrow(() -> new AssertionError("expected a failure:\n" + report.summary()));
    }

    private static CheckReport check(Map<String, Object> properties) {
        OracleProvider provider = new OracleProvider();
        try (WarehouseClient client = provider.open(
                Providers.of(provider).settings("network", "oracle", "password", properties, Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()))) {
            return client.check(CheckOptions.defaults().withStageDeadline(DEADLINE));
        }
    }
}
