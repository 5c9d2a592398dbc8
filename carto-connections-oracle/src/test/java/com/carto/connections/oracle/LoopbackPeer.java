package com.carto.connections.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP peer that is not an Oracle listener, in one of the ways a wrong address fails: it closes each
 * connection at once, stays silent, or answers as an HTTP server. Port 0, closed with the test.
 */
final class LoopbackPeer implements AutoCloseable {
    enum Behaviour {
        CLOSES,
        SILENT,
        SPEAKS_HTTP
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    LoopbackPeer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptAll, "loopback-peer-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A port on which nothing listens: bound once, then released. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                switch (behaviour) {
                    case CLOSES -> socket.close();
                    case SILENT -> {}
                    case SPEAKS_HTTP -> answerHttp(socket);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answerHttp(Socket socket) throws IOException {
        InputStream input = socket.getInputStream();
        input.read(new byte[4096]);
        OutputStream output = socket.getOutputStream();
        output.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        output.flush();
        socket.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
