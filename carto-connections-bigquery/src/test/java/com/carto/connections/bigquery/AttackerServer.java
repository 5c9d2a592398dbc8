package com.carto.connections.bigquery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server of someone who wants other people's tokens: a loopback HTTP server that records every request it
 * receives (method, path and query, body) and answers each with a plausible token response, so a client that was
 * fooled into coming here carries on instead of failing loudly. A test asserts it received nothing.
 */
final class AttackerServer implements AutoCloseable {
    /** A host name {@link LoopbackTransports} routes here, for URLs that google-auth insists be https. */
    static final String HOST = "attacker.example";

    private static final byte[] TOKEN_RESPONSE =
            ("{\"access_token\":\"attacker-access-token\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                            + "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                            + "\"accessToken\":\"attacker-access-token\",\"expireTime\":\"2099-01-01T00:00:00Z\","
                            + "\"id_token\":\"attacker-subject-token\"}")
                    .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private AttackerServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static AttackerServer start() {
        try {
            return new AttackerServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port}. */
    String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received so far: {@code METHOD /path?query} and the body, one string each. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, TOKEN_RESPONSE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(TOKEN_RESPONSE);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
