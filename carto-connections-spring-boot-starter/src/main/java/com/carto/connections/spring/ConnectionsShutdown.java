package com.carto.connections.spring;

import com.carto.connections.Connections;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the {@link Connections} on shutdown once its running queries and open results are done, or once the drain
 * timeout passes (then what still runs is cancelled on the warehouse). It stops after the web server (a lower phase),
 * so requests the server's graceful shutdown lets finish can still read their results.
 */
final class ConnectionsShutdown implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsShutdown.class);
    private static final long POLL_MILLIS = 20;

    private final Connections connections;
    private final Duration drainTimeout;
    private volatile boolean running;

    ConnectionsShutdown(Connections connections, Duration drainTimeout) {
        this.connections = connections;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        long leases = connections.clientMetrics().leasesOut();
        if (leases > 0) {
            LOG.info("Draining {} running queries and open results for up to {}", leases, drainTimeout);
        }
        // Connections.close closes every warehouse client at once (aborting what runs on it), so the wait is here.
        try {
            while (connections.clientMetrics().leasesOut() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = connections.clientMetrics().leasesOut();
        if (left > 0) {
            LOG.warn("Closing carto-connections with {} queries still running after {}", left, drainTimeout);
        }
        connections.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Spring Boot stops the web server's graceful shutdown at DEFAULT_PHASE - 1024 and the server at - 2048.
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }
}
