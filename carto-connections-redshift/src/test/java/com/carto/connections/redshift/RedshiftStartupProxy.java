package com.carto.connections.redshift;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that lets the Redshift driver talk to a plain PostgreSQL. The driver always sends
 * Redshift-only parameters in its StartupMessage, and PostgreSQL rejects a parameter it does not know
 * ({@code FATAL: unrecognized configuration parameter "driver_version"}); no connection property turns them off.
 * The proxy removes them from the first message and then pipes bytes both ways untouched. It answers an SSL request
 * with "no" (the test cluster has no TLS) and forwards cancel requests unchanged.
 */
final class RedshiftStartupProxy implements AutoCloseable {
    /** What the driver adds for Redshift: its identity, and the IAM and identity-center plugin settings. */
    static final Set<String> REDSHIFT_ONLY_PARAMETERS = Set.of(
            "driver_version",
            "os_version",
            "client_protocol_version",
            "plugin_name",
            "idp_type",
            "provider_name",
            "token_type",
            "identity_namespace",
            "idc_client_display_name");

    private static final int PROTOCOL_3 = 196_608;
    private static final int SSL_REQUEST = 80_877_103;
    private static final int GSS_REQUEST = 80_877_104;
    private static final int MAX_STARTUP_LENGTH = 10_000;

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();

    private RedshiftStartupProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "redshift-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RedshiftStartupProxy to(String host, int port) {
        try {
            return new RedshiftStartupProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The startup parameters the proxy has removed so far, to prove what the driver really sent. */
    Set<String> removedParameters() {
        return Set.copyOf(removed);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread session = new Thread(() -> serve(client), "redshift-proxy-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket upstreamSocket = new Socket();
        sockets.add(client);
        sockets.add(upstreamSocket);
        try {
            // Without TCP_NODELAY on both legs, Nagle plus delayed ACKs add about 40 ms to every round trip.
            client.setTcpNoDelay(true);
            upstreamSocket.setTcpNoDelay(true);
            upstreamSocket.connect(upstream, 5_000);
            DataInputStream fromClient = new DataInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            OutputStream toUpstream = upstreamSocket.getOutputStream();
            byte[] first = readPacket(fromClient);
            while (code(first) == SSL_REQUEST || code(first) == GSS_REQUEST) {
                toClient.write('N');
                toClient.flush();
                first = readPacket(fromClient);
            }
            // A cancel request (or anything else) goes on unchanged; only a StartupMessage is rewritten.
            toUpstream.write(code(first) == PROTOCOL_3 ? withoutRedshiftParameters(first) : first);
            toUpstream.flush();
            Thread down = new Thread(() -> pipe(upstreamSocket, client), "redshift-proxy-down");
            down.setDaemon(true);
            down.start();
            pipe(client, upstreamSocket);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstreamSocket);
        }
    }

    private static byte[] readPacket(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 8 || length > MAX_STARTUP_LENGTH) {
            throw new IOException("not a PostgreSQL startup packet (length " + length + ")");
        }
        byte[] packet = new byte[length];
        packet[0] = (byte) (length >>> 24);
        packet[1] = (byte) (length >>> 16);
        packet[2] = (byte) (length >>> 8);
        packet[3] = (byte) length;
        in.readFully(packet, 4, length - 4);
        return packet;
    }

    private static int code(byte[] packet) {
        return ((packet[4] & 0xff) << 24) | ((packet[5] & 0xff) << 16) | ((packet[6] & 0xff) << 8) | (packet[7] & 0xff);
    }

    /** The StartupMessage body is NUL-terminated key/value pairs ending with one more NUL. */
    private byte[] withoutRedshiftParameters(byte[] startup) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        int position = 8;
        while (position < startup.length && startup[position] != 0) {
            int keyEnd = indexOfNul(startup, position);
            int valueEnd = indexOfNul(startup, keyEnd + 1);
            parameters.put(text(startup, position, keyEnd), text(startup, keyEnd + 1, valueEnd));
            position = valueEnd + 1;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeInt(PROTOCOL_3);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (REDSHIFT_ONLY_PARAMETERS.contains(parameter.getKey())) {
                removed.add(parameter.getKey());
                continue;
            }
            out.write(parameter.getKey().getBytes(StandardCharsets.UTF_8));
            out.write(0);
            out.write(parameter.getValue().getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        new DataOutputStream(packet).writeInt(body.size() + 4);
        body.writeTo(packet);
        return packet.toByteArray();
    }

    private static int indexOfNul(byte[] bytes, int from) throws IOException {
        for (int index = from; index < bytes.length; index++) {
            if (bytes[index] == 0) {
                return index;
            }
        }
        throw new EOFException("unterminated startup parameter");
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side hung up: the other side learns it when the sockets close below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
        List.copyOf(sockets).forEach(this::closeQuietly);
    }
}
