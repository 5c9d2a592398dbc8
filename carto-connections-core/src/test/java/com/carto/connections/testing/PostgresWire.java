package com.carto.connections.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A loopback TCP proxy in front of a PostgreSQL server that reads what clients send and records every round trip: the
 * messages a client sent up to the one it then waits on the server for (a {@code Sync} of the extended protocol, or a
 * simple {@code Query}), per the frontend message formats of the PostgreSQL protocol 3.0
 * (https://www.postgresql.org/docs/current/protocol-message-formats.html). Counts, not times: a test proves how many
 * times a call waits for the server, and with what.
 *
 * <pre>
 * try (PostgresWire wire = PostgresWire.to(POSTGRES.port())) {
 *     // connect to wire.host():wire.port() ...
 *     wire.clear();
 *     // the call under test
 *     assertThat(wire.roundTrips()).hasSize(1);
 * }
 * </pre>
 */
public final class PostgresWire implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    // The startup message's protocol version; an SSL, GSS encryption or cancel request carries another code there.
    private static final int PROTOCOL_3 = 196_608;

    /**
     * One round trip: the messages sent before the client waited, each as its type letter, with the SQL of a
     * {@code Parse}, a {@code Query}, or the statement a {@code Bind} binds ({@code P:select 1}, {@code Q:BEGIN},
     * {@code B:ROLLBACK}: a statement prepared once on a connection is bound by name later, without its text), and of
     * which client connection.
     */
    public record RoundTrip(int connection, List<String> messages) {
        public RoundTrip {
            messages = List.copyOf(messages);
        }

        /** The SQL texts this round trip ran: simple queries, and the statements it bound to execute. */
        public List<String> statements() {
            return messages.stream()
                    .filter(message -> message.startsWith("B:") || message.startsWith("Q:"))
                    .map(message -> message.substring(2))
                    .toList();
        }

        /** Whether this round trip is only pgjdbc's liveness check ({@code isValid}: the empty statement). */
        public boolean isLivenessCheck() {
            return statements().equals(List.of(""));
        }
    }

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<RoundTrip> roundTrips = new CopyOnWriteArrayList<>();
    private int connections;
    private volatile boolean closed;

    private PostgresWire(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + HOST, e);
        }
        daemon(this::acceptLoop, "postgres-wire-accept-" + server.getLocalPort())
                .start();
    }

    /** Starts a proxy on a free loopback port, forwarding to {@code targetPort} on 127.0.0.1. */
    public static PostgresWire to(int targetPort) {
        return new PostgresWire(targetPort);
    }

    public String host() {
        return HOST;
    }

    /** The port to connect to instead of the server's. */
    public int port() {
        return server.getLocalPort();
    }

    /** The round trips of every connection since the last {@link #clear()}, in the order they were sent. */
    public List<RoundTrip> roundTrips() {
        return List.copyOf(roundTrips);
    }

    /** The round trips since the last {@link #clear()}, less the pool's liveness checks of idle connections. */
    public List<RoundTrip> roundTripsOfWork() {
        return roundTrips.stream().filter(trip -> !trip.isLivenessCheck()).toList();
    }

    public void clear() {
        roundTrips.clear();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            int number;
            synchronized (this) {
                number = ++connections;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(HOST, targetPort));
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            Frontend frontend = new Frontend(number);
            daemon(() -> pump(client, upstream, frontend), "postgres-wire-up-" + number)
                    .start();
            daemon(() -> pump(upstream, client, null), "postgres-wire-down-" + number)
                    .start();
        }
    }

    private void pump(Socket from, Socket to, @Nullable Frontend frontend) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (frontend != null) {
                    // Recorded before it is forwarded, so that a round trip is listed before its answer arrives.
                    frontend.accept(buffer, read);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (SocketException ignored) {
            // The other side closed.
        } catch (IOException ignored) {
            // As above.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** What one client sends, cut into messages as it arrives. */
    private final class Frontend {
        private final int connection;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final List<String> messages = new ArrayList<>();
        // The SQL of each statement prepared on this connection, by name; the unnamed one under "".
        private final Map<String, String> prepared = new HashMap<>();
        private boolean started;

        Frontend(int connection) {
            this.connection = connection;
        }

        void accept(byte[] bytes, int length) {
            pending.write(bytes, 0, length);
            byte[] data = pending.toByteArray();
            int at = 0;
            while (true) {
                int header = started ? 5 : 4;
                if (data.length - at < header) {
                    break;
                }
                int lengthAt = started ? at + 1 : at;
                int messageLength = readInt(data, lengthAt);
                int total = (started ? 1 : 0) + messageLength;
                if (data.length - at < total) {
                    break;
                }
                if (started) {
                    message((char) data[at], data, at + 5, at + total);
                } else {
                    // After an SSL or GSS encryption request the server answers with one byte, and the startup
                    // message still comes untyped; typed messages follow the startup message only.
                    started = readInt(data, at + 4) == PROTOCOL_3;
                }
                at += total;
            }
            pending.reset();
            pending.write(data, at, data.length - at);
        }

        private void message(char type, byte[] data, int bodyStart, int end) {
            switch (type) {
                case 'P' -> {
                    int nameEnd = cStringEnd(data, bodyStart, end);
                    String sql = cString(data, nameEnd + 1, end);
                    prepared.put(cString(data, bodyStart, end), sql);
                    messages.add("P:" + sql);
                }
                case 'B' -> {
                    int portalEnd = cStringEnd(data, bodyStart, end);
                    messages.add("B:" + prepared.getOrDefault(cString(data, portalEnd + 1, end), "?"));
                }
                case 'Q' -> messages.add("Q:" + cString(data, bodyStart, end));
                default -> messages.add(String.valueOf(type));
            }
            if (type == 'S' || type == 'Q') {
                roundTrips.add(new RoundTrip(connection, messages));
                messages.clear();
            }
        }
    }

    private static int readInt(byte[] data, int at) {
        return ((data[at] & 0xff) << 24)
                | ((data[at + 1] & 0xff) << 16)
                | ((data[at + 2] & 0xff) << 8)
                | (data[at + 3] & 0xff);
    }

    private static int cStringEnd(byte[] data, int start, int end) {
        int at = start;
        while (at < end && data[at] != 0) {
            at++;
        }
        return at;
    }

    private static String cString(byte[] data, int start, int end) {
        return new String(data, start, cStringEnd(data, start, end) - start, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
