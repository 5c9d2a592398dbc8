package com.carto.connections.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a port, whose behaviour a test switches at any time, for connections already open
 * and new ones alike:
 *
 * <ul>
 *   <li>{@link #pass()} forwards both ways (the initial mode);
 *   <li>{@link #delay(Duration)} forwards each chunk late, both ways;
 *   <li>{@link #blackhole()} accepts connections and keeps them open, but forwards nothing, in either direction: a
 *       server that hangs, or a network path that silently drops packets;
 *   <li>{@link #reset()} resets every open connection and each new one (RST, not FIN): a server or middlebox that
 *       drops the connection.
 * </ul>
 *
 * <pre>
 * try (FaultProxy proxy = FaultProxy.to(POSTGRES.port())) {
 *     // connect to 127.0.0.1:proxy.port() ...
 *     proxy.blackhole();
 * }
 * </pre>
 */
public final class FaultProxy implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private enum Mode {
        PASS,
        DELAY,
        BLACKHOLE,
        RESET
    }

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;
    private volatile boolean closed;

    private FaultProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + HOST, e);
        }
        daemon(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort()).start();
    }

    /** Starts a proxy on a free loopback port, forwarding to {@code targetPort} on 127.0.0.1. */
    public static FaultProxy to(int targetPort) {
        return new FaultProxy(targetPort);
    }

    public String host() {
        return HOST;
    }

    /** The port to connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    public void pass() {
        mode = Mode.PASS;
    }

    /** Each chunk of bytes, either way, is forwarded {@code delay} after it arrived. */
    public void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative but was " + delay);
        }
        delayMillis = delay.toMillis();
        mode = Mode.DELAY;
    }

    /** Nothing is forwarded any more and nothing is closed: every reader on either side waits. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Every open connection is reset now, and each new one as soon as it is accepted. */
    public void reset() {
        mode = Mode.RESET;
        List.copyOf(sockets).forEach(this::resetQuietly);
    }

    /** The connections open through the proxy, counting both sides of each. */
    public int openSockets() {
        return sockets.size();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        List.copyOf(sockets).forEach(FaultProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (mode == Mode.RESET) {
                resetQuietly(client);
                continue;
            }
            sockets.add(client);
            daemon(() -> connect(client), "fault-proxy-connect-" + client.getPort())
                    .start();
        }
    }

    /**
     * Opens the target side; in blackhole mode a client stays connected to nothing, as to a server that accepted and
     * never answered.
     */
    private void connect(Socket client) {
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            upstream.connect(new InetSocketAddress(HOST, targetPort));
        } catch (IOException e) {
            // The target is down: the client sees its connection reset, as it would connecting straight to it.
            sockets.remove(upstream);
            resetQuietly(client);
            return;
        }
        daemon(() -> pump(client, upstream), "fault-proxy-up-" + client.getPort())
                .start();
        daemon(() -> pump(upstream, client), "fault-proxy-down-" + client.getPort())
                .start();
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                Mode now = mode;
                if (now == Mode.BLACKHOLE) {
                    continue; // read and dropped, so the sender never blocks and never hears back
                }
                if (now == Mode.RESET) {
                    break;
                }
                if (now == Mode.DELAY) {
                    Thread.sleep(delayMillis);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
            if (mode == Mode.BLACKHOLE) {
                return; // an orderly close is news too; a blackhole keeps the other side waiting
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // One side went away: the other is reset so that it learns without waiting.
            if (mode != Mode.BLACKHOLE) {
                resetQuietly(to);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mode == Mode.RESET) {
            resetQuietly(from);
            resetQuietly(to);
        }
    }

    private void resetQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            // Linger 0 makes close send RST instead of FIN.
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing a socket twice, or one the peer reset, is fine.
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return "FaultProxy[" + HOST + ":" + port() + " -> " + targetPort + ", " + mode + "]";
    }
}
