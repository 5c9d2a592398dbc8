package com.carto.connections.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkStagesTest {
    private final NetworkStages stages = new NetworkStages(Clock.systemUTC(), Set.of("host"));

    @Test
    void resolvesLoopback() {
        assertThat(stages.resolve("127.0.0.1", Duration.ofSeconds(5)).status()).isEqualTo(StageResult.Status.PASSED);
    }

    @Test
    void failsToResolveAReservedInvalidNameSuspectingTheGivenProperties() {
        StageResult result = stages.resolve("warehouse.carto-test.invalid", Duration.ofSeconds(5));
        assertThat(result.stage()).isEqualTo(CheckStage.RESOLVE_HOST);
        assertThat(result.category())
                .hasValueSatisfying(category ->
                        assertThat(category).isIn(ErrorCategory.INVALID_CONFIGURATION, ErrorCategory.TIMEOUT));
        assertThat(result.suspectProperties()).containsExactly("host");
    }

    @Test
    void connectsToAListeningPort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(stages.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))
                            .status())
                    .isEqualTo(StageResult.Status.PASSED);
        }
    }

    @Test
    void failsToConnectToAClosedPortAsRetryable() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        StageResult result = stages.connect("127.0.0.1", port, Duration.ofSeconds(5));
        assertThat(result.stage()).isEqualTo(CheckStage.CONNECT);
        assertThat(result.category()).contains(ErrorCategory.UNAVAILABLE);
        assertThat(result.retryable()).isTrue();
    }
}
