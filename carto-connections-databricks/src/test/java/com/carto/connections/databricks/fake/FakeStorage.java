package com.carto.connections.databricks.fake;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The cloud storage behind {@code EXTERNAL_LINKS}: result chunks under pre-signed URLs on the fake's loopback port,
 * {@code GET /storage/{signature}}. Each rule cites its reference ([LINKS]):
 * <ul>
 *   <li>the URL is the credential: "a presigned URL … with a short expiration time (&lt;= 15 minutes). As this URL
 *       contains a temporary credential, it should be considered sensitive" (docs.databricks.com/api/workspace/
 *       statementexecution/executestatement, "external_link"), so no Databricks token is needed, and an unknown
 *       signature is 403;
 *   <li>after its {@code expiration} the URL is refused (403, as S3 answers "Request has expired",
 *       docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html);
 *   <li>a request that carries an {@code Authorization} header besides the URL's signature is refused (400: S3 allows
 *       "only one auth mechanism", same page); it would also hand the workspace's token to the storage.
 * </ul>
 */
final class FakeStorage {
    /** [LINKS] "&lt;= 15 minutes". */
    static final Duration LIFETIME = Duration.ofMinutes(15);

    /** A chunk's pre-signed URL and when it expires. */
    record Link(String url, Instant expiration) {}

    private record Stored(byte[] bytes, Instant expiration) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Stored> objects = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final IntSupplier port;
    private volatile Clock clock = Clock.systemUTC();

    FakeStorage(IntSupplier port) {
        this.port = port;
    }

    /** Stores a chunk under a new signature, valid for {@link #LIFETIME}. */
    Link put(byte[] bytes) {
        byte[] signature = new byte[16];
        random.nextBytes(signature);
        String key = HexFormat.of().formatHex(signature);
        Instant expiration = clock.instant().plus(LIFETIME);
        objects.put(key, new Stored(bytes, expiration));
        return new Link("http://127.0.0.1:" + port.getAsInt() + "/storage/" + key, expiration);
    }

    /** Why each refused download was refused, in order. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    void clock(Clock clock) {
        this.clock = clock;
    }

    void handle(HttpExchange exchange, String key) throws IOException {
        Stored stored = objects.get(key);
        if (!exchange.getRequestMethod().equals("GET")) {
            refuse(exchange, 405, "MethodNotAllowed");
        } else if (exchange.getRequestHeaders().containsKey("Authorization")) {
            // [LINKS] the signature is the only credential.
            refuse(exchange, 400, "InvalidArgument: Only one auth mechanism allowed");
        } else if (stored == null) {
            refuse(exchange, 403, "AccessDenied");
        } else if (!clock.instant().isBefore(stored.expiration())) {
            // [LINKS] expired.
            refuse(exchange, 403, "AccessDenied: Request has expired");
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, stored.bytes().length);
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(stored.bytes());
            }
        }
    }

    private void refuse(HttpExchange exchange, int status, String reason) throws IOException {
        refusals.add(reason);
        byte[] body = ("<Error><Code>" + reason + "</Code></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
    }
}
