package com.carto.connections.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Snowflake service on 127.0.0.1 that the real snowflake-jdbc driver talks to (over HTTP: the driver's
 * {@code ssl=off}), backed by an in-memory H2 database named after the Snowflake database, so queries really run.
 * It is as strict as the service where the provider depends on it; each rule names its reference (notes = the
 * project's {@code notes/bigquery-snowflake-protocols.md}, part B unless said otherwise).
 *
 * <ul>
 *   <li>Every request carries a {@code requestId} (B.2); every call but login and chunk downloads carries
 *       {@code Authorization: Snowflake Token="…"} of a live session, or fails with 390104 / 390112.
 *   <li>Login with a password, or with an RS256 JWT verified against the user's registered public key: signature,
 *       {@code iss = ACCOUNT.USER.SHA256:<fingerprint>}, {@code sub = ACCOUNT.USER}, an unexpired {@code exp} at most
 *       an hour after {@code iat} (B.4; https://docs.snowflake.com/en/user-guide/key-pair-auth). Failures: 390100 for a
 *       password, 390144 for a JWT.
 *   <li>With {@code CLIENT_VALIDATE_DEFAULT_PARAMETERS} the login fails with 390201 for a database, schema or
 *       warehouse that does not exist, and 390189 for a role not granted
 *       (https://docs.snowflake.com/en/developer-guide/jdbc/jdbc-parameters#validatedefaultparameters).
 *   <li>Query bodies are gzip (B.6-1); binds as the driver sends them; results past the first page go to chunks,
 *       downloaded without the token and gzip-compressed, whose {@code uncompressedSize} covers their bytes (B.2,
 *       B.6-2).
 *   <li>{@code abort-request} stops the query running for that request id, which then fails with 000604 (notes E:
 *       only {@code Statement.cancel} reaches it). Errors carry both {@code code} and {@code sqlState} (B.6-3).
 *   <li>Session expiry (390112) is renewed through {@code token-request} with the master token (B.2); {@code close}
 *       deletes the session.
 * </ul>
 */
final class FakeSnowflake implements AutoCloseable, AfterAllCallback {
    static final String ACCOUNT = "TESTACCT";
    static final String WAREHOUSE = "TEST_WH";
    private static final Set<String> ROLES = Set.of("PUBLIC", "SYSADMIN");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String database;
    private final Connection keeper;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Session> masterTokens = new ConcurrentHashMap<>();
    private final Map<String, byte[]> chunks = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> queryTags = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> loginParameters = new CopyOnWriteArrayList<>();
    private final AtomicInteger expireNextQueries = new AtomicInteger();
    private final AtomicInteger failNextRequests = new AtomicInteger();
    private final AtomicInteger aborts = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();
    private final Map<String, String> oauthClients = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Object> familyLocks = new ConcurrentHashMap<>();
    private final List<String> loginUsers = new CopyOnWriteArrayList<>();
    private final AtomicInteger refreshTokensIssued = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();
    private volatile boolean rotateRefreshTokens;
    private volatile long accessTokenSeconds = 600;
    private volatile int firstPageRows = 1_000;
    private volatile int chunkRows = 20_000;

    FakeSnowflake() {
        database = "TESTDB" + DATABASES.incrementAndGet();
        try {
            keeper = DriverManager.getConnection(h2Url());
            try (Statement statement = keeper.createStatement()) {
                statement.execute(
                        "create alias TO_GEOGRAPHY for \"" + FakeSnowflakeFunctions.class.getName() + ".toGeography\"");
                statement.execute("create alias ST_INTERSECTS for \"" + FakeSnowflakeFunctions.class.getName()
                        + ".stIntersects\"");
                for (String function : List.of("stXmin", "stYmin", "stXmax", "stYmax")) {
                    statement.execute("create alias "
                            + function.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT) + " for \""
                            + FakeSnowflakeFunctions.class.getName() + "." + function + "\"");
                }
                statement.execute(
                        "create alias SYSTEM_WAIT for \"" + FakeSnowflakeFunctions.class.getName() + ".systemWait\"");
                // Snowflake's conversion functions under other names: H2 has TO_DATE and TO_TIMESTAMP_TZ of its own.
                for (String function : List.of("toDate", "toTime", "toTimestampNtz", "toTimestampTz")) {
                    statement.execute("create alias SF_"
                            + function.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT) + " for \""
                            + FakeSnowflakeFunctions.class.getName() + "." + function + "\"");
                }
            }
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-snowflake");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private String h2Url() {
        return "jdbc:h2:mem:" + database;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String database() {
        return database;
    }

    /** Runs SQL straight on the fake's H2 database, for test set-up. */
    void h2(String sql) {
        try (Connection h2 = DriverManager.getConnection(h2Url());
                Statement statement = h2.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    FakeSnowflake user(String name, String password) {
        passwords.put(name.toUpperCase(Locale.ROOT), password);
        return this;
    }

    FakeSnowflake keyUser(String name, PublicKey key) {
        keys.put(name.toUpperCase(Locale.ROOT), key);
        return this;
    }

    /** A Snowflake OAuth security integration's client. */
    FakeSnowflake oauthClient(String clientId, String clientSecret) {
        oauthClients.put(clientId, clientSecret);
        return this;
    }

    /** A refresh token the integration issued to {@code user} (as after the authorization code flow). */
    String issueRefreshToken(String user, String clientId) {
        String token = "refresh-" + UUID.randomUUID();
        refreshTokens.put(token, new RefreshGrant(user.toUpperCase(Locale.ROOT), clientId, token));
        return token;
    }

    /** Every refresh issues a new refresh token and revokes the one presented (RFC 6749 section 6 allows it). */
    void rotateRefreshTokens(boolean rotate) {
        rotateRefreshTokens = rotate;
    }

    void accessTokenSeconds(long seconds) {
        accessTokenSeconds = seconds;
    }

    int refreshTokensIssued() {
        return refreshTokensIssued.get();
    }

    int refreshes() {
        return refreshes.get();
    }

    /** Rotated-out refresh tokens presented again, each of which revoked its whole family (RFC 9700 section 4.14.2). */
    int replays() {
        return replays.get();
    }

    /** Whether {@code token} can still be refreshed with. */
    boolean refreshTokenActive(String token) {
        RefreshGrant grant = refreshTokens.get(token);
        return grant != null && grant.active;
    }

    List<String> loginUsers() {
        return List.copyOf(loginUsers);
    }

    /** Runs SQL on the engine directly, e.g. to create a table the tests read. */
    void setUp(String sql) {
        try (Statement statement = keeper.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void firstPageRows(int rows) {
        firstPageRows = rows;
    }

    void chunkRows(int rows) {
        chunkRows = rows;
    }

    /** The next {@code count} queries find their session expired (390112), as after four hours idle. */
    void expireNextQueries(int count) {
        expireNextQueries.set(count);
    }

    /** The next {@code count} requests of any kind answer HTTP 503. */
    void failNextRequests(int count) {
        failNextRequests.set(count);
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    List<String> queryTags() {
        return List.copyOf(queryTags);
    }

    List<Map<String, String>> loginParameters() {
        return List.copyOf(loginParameters);
    }

    int aborts() {
        return aborts.get();
    }

    int deletes() {
        return deletes.get();
    }

    /** Queries the engine is running now, in any session. */
    long runningQueries() {
        return sessions.values().stream().filter(Session::running).count();
    }

    int openSessions() {
        return sessions.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(exchange.getRequestMethod() + " " + path);
            if (failNextRequests.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                send(exchange, 503, "service unavailable".getBytes(StandardCharsets.UTF_8), false);
                return;
            }
            if (path.startsWith("/chunks/")) {
                // Chunks are presigned cloud storage URLs: no token, gzip bodies (B.2 "Result chunks").
                byte[] chunk = chunks.get(path);
                send(exchange, chunk == null ? 404 : 200, chunk == null ? new byte[0] : chunk, chunk != null);
                return;
            }
            if (path.equals("/oauth/token-request")) {
                oauthToken(exchange);
                return;
            }
            if (!query.containsKey("requestId")) {
                // B.2: every request carries ?requestId=<uuid>.
                send(exchange, 400, "requestId missing".getBytes(StandardCharsets.UTF_8), false);
                return;
            }
            JsonNode body = body(exchange);
            ObjectNode answer = switch (path) {
                case "/session/v1/login-request" -> login(body, query);
                case "/session/token-request" -> renew(exchange, body);
                default -> authenticated(exchange, path, query, body);
            };
            sendJson(exchange, answer);
        } catch (RuntimeException e) {
            send(exchange, 500, String.valueOf(e).getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private ObjectNode authenticated(HttpExchange exchange, String path, Map<String, String> query, JsonNode body) {
        String token = token(exchange);
        Session session = token == null ? null : sessions.get(token);
        if (session == null) {
            // Snowflake answers a call without a live session token so.
            return failure("390104", "08001", "User must login again to access the service.");
        }
        switch (path) {
            case "/queries/v1/query-request":
                return query(session, query.get("requestId"), body);
            case "/queries/v1/abort-request":
                aborts.incrementAndGet();
                session.abort(body.path("requestId").asText());
                return success(null);
            case "/session/heartbeat":
                return success(null);
            case "/session":
                if ("true".equals(query.get("delete"))) {
                    deletes.incrementAndGet();
                    close(session);
                    return success(null);
                }
                return failure("390400", "08001", "unsupported session call");
            default:
                return failure("390400", "08001", "no such endpoint: " + path);
        }
    }

    private ObjectNode login(JsonNode body, Map<String, String> query) {
        JsonNode data = body.path("data");
        if (!ACCOUNT.equalsIgnoreCase(data.path("ACCOUNT_NAME").asText())) {
            return failure("390100", "08004", "Incorrect username or password was specified.");
        }
        String user = data.path("LOGIN_NAME").asText().toUpperCase(Locale.ROOT);
        String authenticator = data.path("AUTHENTICATOR").asText();
        boolean jwt = "SNOWFLAKE_JWT".equals(authenticator);
        if ("OAUTH".equalsIgnoreCase(authenticator)) {
            // https://docs.snowflake.com/en/user-guide/oauth-custom: the token names the user.
            AccessGrant grant = accessTokens.get(data.path("TOKEN").asText());
            if (grant == null) {
                return failure("390303", "08004", "Invalid OAuth access token.");
            }
            if (!Instant.now().isBefore(grant.expiry)) {
                return failure("390318", "08004", "OAuth access token expired.");
            }
            user = grant.user;
        } else if (jwt) {
            if (!validJwt(user, data.path("TOKEN").asText())) {
                return failure("390144", "08004", "JWT token is invalid.");
            }
        } else {
            String password = passwords.get(user);
            if (password == null || !password.equals(data.path("PASSWORD").asText())) {
                return failure("390100", "08004", "Incorrect username or password was specified.");
            }
        }
        loginUsers.add(user);
        Map<String, String> parameters = new HashMap<>();
        data.path("SESSION_PARAMETERS")
                .fields()
                .forEachRemaining(field -> parameters.put(
                        field.getKey().toUpperCase(Locale.ROOT),
                        field.getValue().asText()));
        loginParameters.add(Map.copyOf(parameters));
        String databaseName = query.getOrDefault("databaseName", "");
        String schemaName = query.getOrDefault("schemaName", "PUBLIC");
        String warehouse = query.getOrDefault("warehouse", "");
        String role = query.getOrDefault("roleName", "PUBLIC");
        if (Boolean.parseBoolean(parameters.get("CLIENT_VALIDATE_DEFAULT_PARAMETERS"))) {
            if (!databaseName.isEmpty() && !databaseName.equalsIgnoreCase(database)) {
                return failure("390201", "08004", "The requested database does not exist or not authorized.");
            }
            if (!schemaExists(schemaName)) {
                return failure("390201", "08004", "The requested schema does not exist or not authorized.");
            }
            if (!warehouse.isEmpty() && !warehouse.equalsIgnoreCase(WAREHOUSE)) {
                return failure("390201", "08004", "The requested warehouse does not exist or not authorized.");
            }
        }
        if (!ROLES.contains(role.toUpperCase(Locale.ROOT))) {
            return failure(
                    "390189",
                    "08004",
                    "Role '" + role + "' specified in the connect string is not granted to this" + " user.");
        }
        Session session;
        try {
            Connection h2 = DriverManager.getConnection(h2Url());
            h2.setSchema(schemaName.toUpperCase(Locale.ROOT));
            session = new Session(database, schemaName.toUpperCase(Locale.ROOT), h2, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        sessions.put(session.token, session);
        masterTokens.put(session.masterToken, session);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("token", session.token)
                .put("masterToken", session.masterToken)
                .put("validityInSeconds", 3600)
                .put("masterValidityInSeconds", 14400)
                .put("sessionId", session.id);
        answer.set("parameters", session.parameterList());
        ObjectNode info = answer.putObject("sessionInfo");
        info.put("databaseName", database)
                .put("schemaName", session.schema)
                .put("warehouseName", warehouse.isEmpty() ? null : WAREHOUSE)
                .put("roleName", role.toUpperCase(Locale.ROOT));
        return success(answer);
    }

    private boolean schemaExists(String schema) {
        try (var statement =
                keeper.prepareStatement("select count(*) from information_schema.schemata where schema_name = ?")) {
            statement.setString(1, schema.toUpperCase(Locale.ROOT));
            try (var resultSet = statement.executeQuery()) {
                resultSet.next();
                return resultSet.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** B.4: RS256 over header.payload with the registered key; iss, sub and exp as the service checks them. */
    private boolean validJwt(String user, String token) {
        PublicKey key = keys.get(user);
        String[] parts = token.split("\\.");
        if (key == null || parts.length != 3) {
            return false;
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(decoder.decode(parts[0]));
            JsonNode claims = JSON.readTree(decoder.decode(parts[1]));
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!"RS256".equals(header.path("alg").asText()) || !verifier.verify(decoder.decode(parts[2]))) {
                return false;
            }
            String subject = ACCOUNT + "." + user;
            long now = Instant.now().getEpochSecond();
            long expiry = claims.path("exp").asLong();
            long issued = claims.path("iat").asLong(now);
            return claims.path("iss").asText().equals(subject + "." + fingerprint(key))
                    && claims.path("sub").asText().equals(subject)
                    && expiry > now
                    && expiry - issued <= 3600;
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String fingerprint(PublicKey key) throws NoSuchAlgorithmException {
        return "SHA256:"
                + Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    }

    /**
     * Snowflake OAuth's token endpoint (https://docs.snowflake.com/en/user-guide/oauth-custom), refresh grant only:
     * the client authenticates with HTTP Basic (401 {@code invalid_client} otherwise); an unknown, revoked or other
     * client's refresh token is 400 {@code invalid_grant}; a rotated-out one presented again revokes its family.
     */
    private void oauthToken(HttpExchange exchange) throws IOException {
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        String client = null;
        if (basic != null && basic.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String id = URLDecoder.decode(decoded.substring(0, Math.max(colon, 0)), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (colon > 0 && secret.equals(oauthClients.get(id))) {
                client = id;
            }
        }
        if (client == null) {
            oauthError(exchange, 401, "invalid_client");
            return;
        }
        Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"refresh_token".equals(form.get("grant_type"))) {
            oauthError(exchange, 400, "unsupported_grant_type");
            return;
        }
        RefreshGrant grant = refreshTokens.get(form.getOrDefault("refresh_token", ""));
        if (grant == null || !grant.clientId.equals(client)) {
            oauthError(exchange, 400, "invalid_grant");
            return;
        }
        synchronized (familyLocks.computeIfAbsent(grant.family, family -> new Object())) {
            if (!grant.active) {
                replays.incrementAndGet();
                refreshTokens.values().stream()
                        .filter(other -> other.family.equals(grant.family))
                        .forEach(other -> other.active = false);
                oauthError(exchange, 400, "invalid_grant");
                return;
            }
            refreshes.incrementAndGet();
            ObjectNode answer = JSON.createObjectNode();
            String access = "access-" + UUID.randomUUID();
            accessTokens.put(access, new AccessGrant(grant.user, Instant.now().plusSeconds(accessTokenSeconds)));
            answer.put("access_token", access)
                    .put("token_type", "Bearer")
                    .put("expires_in", accessTokenSeconds)
                    .put("username", grant.user);
            if (rotateRefreshTokens) {
                String next = "refresh-" + UUID.randomUUID();
                refreshTokens.put(next, new RefreshGrant(grant.user, grant.clientId, grant.family));
                grant.active = false;
                refreshTokensIssued.incrementAndGet();
                answer.put("refresh_token", next);
            }
            sendJson(exchange, answer);
        }
    }

    private static void oauthError(HttpExchange exchange, int status, String error) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, JSON.writeValueAsBytes(Map.of("error", error)), false);
    }

    /** A refresh token: whose, for which client, in which rotation family, and whether it still refreshes. */
    private static final class RefreshGrant {
        final String user;
        final String clientId;
        final String family;
        volatile boolean active = true;

        RefreshGrant(String user, String clientId, String family) {
            this.user = user;
            this.clientId = clientId;
            this.family = family;
        }
    }

    private record AccessGrant(String user, Instant expiry) {}

    /** B.2: 390112 renewed with the master token, the old session token given in the body. */
    private ObjectNode renew(HttpExchange exchange, JsonNode body) {
        String master = token(exchange);
        Session session = master == null ? null : masterTokens.get(master);
        if (session == null || !"RENEW".equals(body.path("requestType").asText())) {
            return failure("390114", "08001", "Authentication token has expired.  The user must authenticate again.");
        }
        sessions.remove(body.path("oldSessionToken").asText());
        session.token = "session-" + UUID.randomUUID();
        sessions.put(session.token, session);
        ObjectNode data = JSON.createObjectNode();
        data.put("sessionToken", session.token)
                .put("masterToken", session.masterToken)
                .put("validityInSecondsST", 3600);
        return success(data);
    }

    private ObjectNode query(Session session, String requestId, JsonNode body) {
        if (expireNextQueries.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            return failure("390112", "08001", "Your session has expired. Please login again.");
        }
        String tag = body.path("parameters").path("QUERY_TAG").asText(session.parameters.get("QUERY_TAG"));
        queryTags.add(String.valueOf(tag));
        String queryId = UUID.randomUUID().toString();
        session.starting(requestId);
        try {
            FakeSnowflakeEngine.Answer answer = FakeSnowflakeEngine.run(session, body, queryId, firstPageRows);
            if (!answer.chunkRows().isEmpty()) {
                chunk(queryId, answer);
            }
            return answer.body();
        } catch (FakeSnowflakeEngine.Failure failure) {
            ObjectNode data = JSON.createObjectNode();
            data.put("errorCode", failure.code)
                    .put("sqlState", failure.sqlState)
                    .put("queryId", queryId);
            ObjectNode answer = JSON.createObjectNode();
            answer.set("data", data);
            answer.put("code", failure.code)
                    .put("message", failure.getMessage())
                    .put("success", false);
            return answer;
        } finally {
            session.finished();
        }
    }

    private void chunk(String queryId, FakeSnowflakeEngine.Answer answer) {
        ArrayNode list = ((ObjectNode) answer.body().get("data")).putArray("chunks");
        List<List<String>> rows = answer.chunkRows();
        for (int start = 0, number = 0; start < rows.size(); start += chunkRows, number++) {
            List<List<String>> part = rows.subList(start, Math.min(rows.size(), start + chunkRows));
            StringBuilder text = new StringBuilder();
            for (List<String> row : part) {
                if (text.length() > 0) {
                    text.append(',');
                }
                try {
                    text.append(JSON.writeValueAsString(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            byte[] plain = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] compressed = gzip(plain);
            String path = "/chunks/" + queryId + "/" + number;
            chunks.put(path, compressed);
            list.addObject()
                    .put("url", "http://127.0.0.1:" + port() + path)
                    .put("rowCount", part.size())
                    .put("uncompressedSize", plain.length)
                    .put("compressedSize", compressed.length);
        }
    }

    private void close(Session session) {
        sessions.remove(session.token);
        masterTokens.remove(session.masterToken);
        try {
            session.h2.close();
        } catch (SQLException e) {
            // The session is gone either way.
        }
    }

    private static String token(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String prefix = "Snowflake Token=\"";
        if (header == null || !header.startsWith(prefix) || !header.endsWith("\"")) {
            return null;
        }
        return header.substring(prefix.length(), header.length() - 1);
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(
                    URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static ObjectNode success(JsonNode data) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("data", data);
        answer.put("code", (String) null).put("message", (String) null).put("success", true);
        return answer;
    }

    /** A failure as the service sends it: HTTP 200, both code and data.sqlState (B.2, B.6-3). */
    private static ObjectNode failure(String code, String sqlState, String message) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("data").put("errorCode", code).put("sqlState", sqlState);
        answer.put("code", code).put("message", message).put("success", false);
        return answer;
    }

    private static void sendJson(HttpExchange exchange, JsonNode answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, JSON.writeValueAsBytes(answer), false);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, boolean gzip) throws IOException {
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Registered as a static extension, it stops after the test class's own {@code @AfterAll} closed its clients. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        sessions.values().forEach(this::close);
        try {
            keeper.close();
        } catch (SQLException e) {
            // The database goes with its last connection.
        }
    }

    /** One login's session: its token, its H2 connection and parameters, and the query it is running. */
    static final class Session {
        final String id = UUID.randomUUID().toString();
        final String masterToken = "master-" + UUID.randomUUID();
        volatile String token = "session-" + UUID.randomUUID();
        final String database;
        final String schema;
        final Connection h2;
        final Map<String, String> parameters;
        private volatile String runningRequest;
        private volatile Thread runningThread;
        private volatile Statement runningStatement;
        private volatile boolean aborted;

        Session(String database, String schema, Connection h2, Map<String, String> parameters) {
            this.database = database;
            this.schema = schema;
            this.h2 = h2;
            this.parameters = new ConcurrentHashMap<>(parameters);
            this.parameters.putIfAbsent("TIMEZONE", "America/Los_Angeles");
        }

        synchronized void starting(String requestId) {
            runningRequest = requestId;
            runningThread = Thread.currentThread();
            aborted = false;
        }

        synchronized void running(Statement statement) {
            runningStatement = statement;
        }

        synchronized void finished() {
            runningRequest = null;
            runningThread = null;
            runningStatement = null;
            Thread.interrupted();
        }

        boolean running() {
            return runningRequest != null;
        }

        boolean aborted() {
            return aborted;
        }

        /** Stops the query of that request id: H2 cancels the statement, and a wait in a function is interrupted. */
        synchronized void abort(String requestId) {
            if (requestId == null || !requestId.equals(runningRequest)) {
                return;
            }
            aborted = true;
            try {
                if (runningStatement != null) {
                    runningStatement.cancel();
                }
            } catch (SQLException e) {
                // The interrupt below still stops it.
            }
            if (runningThread != null) {
                runningThread.interrupt();
            }
        }

        /**
         * What the service returns with a login and each query: the session's parameters that clients read (B.2
         * "Login parameters worth sending"), including those set at login.
         */
        ArrayNode parameterList() {
            ArrayNode list = JSON.createArrayNode();
            list.addObject().put("name", "AUTOCOMMIT").put("value", true);
            list.addObject().put("name", "CLIENT_RESULT_CHUNK_SIZE").put("value", 160);
            list.addObject().put("name", "CLIENT_TELEMETRY_ENABLED").put("value", false);
            list.addObject().put("name", "CLIENT_SESSION_KEEP_ALIVE").put("value", false);
            list.addObject().put("name", "CLIENT_PREFETCH_THREADS").put("value", 4);
            list.addObject().put("name", "CLIENT_MEMORY_LIMIT").put("value", 1536);
            List<String> names = new ArrayList<>(parameters.keySet());
            Collections.sort(names);
            for (String name : names) {
                if (name.endsWith("_OUTPUT_FORMAT") || name.equals("TIMEZONE") || name.equals("QUERY_TAG")) {
                    list.addObject().put("name", name).put("value", parameters.get(name));
                }
            }
            return list;
        }
    }
}
