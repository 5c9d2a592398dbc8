package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ErrorCategory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The first two stages of a live check, {@link CheckStage#RESOLVE_HOST} and {@link CheckStage#CONNECT}, for any
 * provider that reaches its warehouse at a host and port, whether through a JDBC driver or an HTTP API. Each is
 * bounded by the stage deadline and never throws for a network problem: the result says what failed.
 *
 * @param clock times the stages
 * @param suspects the properties to suspect when the host is wrong, e.g. {@code host}; none when the host application
 *     chose the address (an API endpoint is never a connection property: see the README, "Where credentials go")
 */
public record NetworkStages(Clock clock, Set<String> suspects) {
    public NetworkStages {
        requireNonNull(clock, "clock is null");
        suspects = Set.copyOf(suspects);
    }

    /** Resolves {@code host}, failing with INVALID_CONFIGURATION when it does not resolve, TIMEOUT past the deadline. */
    public StageResult resolve(String host, Duration deadline) {
        Instant start = clock.instant();
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        // Name resolution cannot be interrupted, so it runs on its own daemon thread that the deadline abandons.
        Thread resolver = new Thread(
                () -> {
                    try {
                        lookup.complete(InetAddress.getAllByName(host));
                    } catch (UnknownHostException | RuntimeException e) {
                        lookup.completeExceptionally(e);
                    }
                },
                "carto-check-resolve");
        resolver.setDaemon(true);
        resolver.start();
        try {
            lookup.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return StageResult.passed(CheckStage.RESOLVE_HOST, since(start));
        } catch (TimeoutException e) {
            return failed(
                    CheckStage.RESOLVE_HOST,
                    start,
                    ErrorCategory.TIMEOUT,
                    "resolving " + host + " took longer than " + deadline.toMillis() + " ms",
                    "check the host name and this machine's DNS");
        } catch (ExecutionException e) {
            return failed(
                    CheckStage.RESOLVE_HOST,
                    start,
                    ErrorCategory.INVALID_CONFIGURATION,
                    "the host name " + host + " does not resolve",
                    "check the spelling of the host name");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(CheckStage.RESOLVE_HOST, start, ErrorCategory.UNAVAILABLE, "interrupted", "try again");
        }
    }

    /** Opens and closes a TCP connection, failing with UNAVAILABLE (retryable) when refused, TIMEOUT past the deadline. */
    public StageResult connect(String host, int port, Duration deadline) {
        Instant start = clock.instant();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(deadline.toMillis(), Integer.MAX_VALUE));
            return StageResult.passed(CheckStage.CONNECT, since(start));
        } catch (SocketTimeoutException e) {
            return failed(
                    CheckStage.CONNECT,
                    start,
                    ErrorCategory.TIMEOUT,
                    "no answer from " + host + ":" + port + " within " + deadline.toMillis() + " ms",
                    "check the host and port, and that a firewall lets this machine in");
        } catch (IOException e) {
            return failed(
                    CheckStage.CONNECT,
                    start,
                    ErrorCategory.UNAVAILABLE,
                    "cannot open a TCP connection to " + host + ":" + port + " (" + e.getMessage() + ")",
                    "check the port and that the server is running and accepts connections from this machine");
        }
    }

    private StageResult failed(CheckStage stage, Instant start, ErrorCategory category, String message, String hint) {
        return StageResult.failed(stage, since(start), category, suspects, message, hint);
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
