package com.carto.connections.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a real echo server on loopback. */
class FaultProxyTest {
    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::echoLoop, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = FaultProxy.to(echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void delaysEachChunkByAtLeastTheDelay() throws IOException {
        proxy.delay(Duration.ofMillis(200));
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void blackholeKeepsAnOpenConnectionOpenButForwardsNothing() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "before")).isEqualTo("before");
            proxy.blackhole();
            socket.setSoTimeout(300);
            assertThatThrownBy(() -> roundTrip(socket, "lost")).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void blackholeAcceptsNewConnectionsThatNeverAnswer() throws IOException {
        proxy.blackhole();
        try (Socket socket = connect()) {
            socket.setSoTimeout(300);
            assertThatThrownBy(() -> roundTrip(socket, "anyone?")).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void resetBreaksOpenConnections() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "before")).isEqualTo("before");
            proxy.reset();
            socket.setSoTimeout(5_000);
            assertThatThrownBy(() -> roundTrip(socket, "after")).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void resetRefusesNewConnectionsUntilPassIsBack() throws IOException {
        proxy.reset();
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            assertThatThrownBy(() -> roundTrip(socket, "refused")).isInstanceOf(SocketException.class);
        }
        proxy.pass();
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "again")).isEqualTo("again");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.host(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] sent = text.getBytes(UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(sent);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] received = in.readNBytes(sent.length);
        if (received.length < sent.length) {
            throw new SocketException("closed after " + received.length + " bytes");
        }
        return new String(received, UTF_8);
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket client = echo.accept();
                Thread echoer = new Thread(() -> echoBack(client), "echo");
                echoer.setDaemon(true);
                echoer.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echoBack(Socket client) {
        try (client) {
            client.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException e) {
            // The test closed or reset it.
        }
    }
}
