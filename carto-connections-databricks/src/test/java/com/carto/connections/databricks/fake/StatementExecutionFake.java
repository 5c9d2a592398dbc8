package com.carto.connections.databricks.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of the Databricks SQL Statement Execution API on the JDK's HTTP server, on a loopback port, that the real
 * driver talks to (notes: redshift-databricks-oracle-postgres.md part B). Statements really run on an embedded H2
 * database per Unity Catalog catalog, after {@link SparkSqlTranslator}. Each rule cites the API reference:
 * <ul>
 *   <li>[AUTH] docs.databricks.com/api/workspace/statementexecution (every call needs {@code Authorization: Bearer}; a
 *       missing or wrong token is HTTP 401 {@code {"error_code":"UNAUTHENTICATED","message":…}}): the workspace's
 *       personal access token, or an OAuth access token {@link FakeOAuth} issued and that has not expired
 *       (docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m: "each access token is valid for one hour")
 *   <li>[SESSIONS] the driver's session endpoints {@code POST/DELETE /api/2.0/sql/sessions/} (notes part B; the
 *       warehouse id must be the one of the path)
 *   <li>[EXECUTE] docs.databricks.com/api/workspace/statementexecution/executestatement ({@code statement},
 *       {@code warehouse_id} required; {@code parameters} typed, {@code row_limit}; the reply waits up to
 *       {@code wait_timeout} then reports {@code PENDING}/{@code RUNNING} to be polled with {@code GET})
 *   <li>[CANCEL] .../cancelexecution ({@code POST /api/2.0/sql/statements/{id}/cancel}) and {@code DELETE}
 *   <li>[ERRORS] a failed statement is {@code status.state=FAILED} with {@code error.error_code},
 *       {@code error.message} ({@code [ERROR_CLASS] … SQLSTATE: xxxxx}) and {@code sql_state}
 *       (docs.databricks.com/error-messages/)
 *   <li>[DESCRIBE] docs.databricks.com/sql/language-manual/sql-ref-syntax-aux-describe-query.html
 *       ({@code DESCRIBE QUERY q}: rows of {@code col_name}, {@code data_type}, {@code comment}), in
 *       {@link FakeStatement}
 *   <li>spatial functions ({@code st_point}, {@code st_geomfromwkb}, {@code st_asewkb}, and for tiles
 *       {@code st_geomfromtext}, {@code st_intersects}, {@code st_xmin}, {@code st_xmax}, {@code st_ymin},
 *       {@code st_ymax}, {@code st_transform}) on H2's GEOMETRY, each citing its reference in {@link FakeFunctions}, with
 *       the service's argument checks and error classes (a wrong argument count WRONG_NUM_ARGS, a wrong argument type
 *       DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE, each function's own error conditions)
 * </ul>
 * Results are served as the statement asks ({@link FakeResult}, [RESULT]): {@code JSON_ARRAY} inline in chunks, or
 * {@code ARROW_STREAM} inline as an attachment or behind external links that {@link FakeStorage} serves ([LINKS]).
 */
public final class StatementExecutionFake implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATEMENT = Pattern.compile("/api/2\\.0/sql/statements/([A-Za-z0-9-]+)(/cancel)?/?");
    private static final Pattern WAIT_TIMEOUT = Pattern.compile("(\\d{1,3})s");
    private static final Pattern SESSION = Pattern.compile("/api/2\\.0/sql/sessions/([A-Za-z0-9-]+)/?");
    private static final Pattern CHUNK =
            Pattern.compile("/api/2\\.0/sql/statements/([A-Za-z0-9-]+)/result/chunks/(\\d{1,9})/?");
    private static final Pattern STORAGE = Pattern.compile("/storage/([0-9a-f]{32})");
    private static final Set<String> FORMATS = Set.of("JSON_ARRAY", "ARROW_STREAM", "CSV");
    private static final Set<String> DISPOSITIONS = Set.of("INLINE", "EXTERNAL_LINKS", "INLINE_OR_EXTERNAL_LINKS");
    private static final Set<String> COMPRESSIONS = Set.of("NONE", "LZ4_FRAME");

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("fake-http"));
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("fake-sql"));
    private final String token;
    private final String warehouseId;
    private final Set<String> catalogs;
    private final Map<String, FakeSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, FakeStatement> statements = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> statementPrincipals = new CopyOnWriteArrayList<>();
    private final FakeOAuth oauth = new FakeOAuth();
    private final List<String> cancels = new CopyOnWriteArrayList<>();
    private final List<String> cancelsWhileRunning = new CopyOnWriteArrayList<>();
    private final List<Duration> cancelAges = new CopyOnWriteArrayList<>();
    private volatile String lastStatement = "";
    private final List<String> statementTexts = new CopyOnWriteArrayList<>();
    private volatile Duration firstReplyWait = Duration.ofSeconds(10);
    private volatile Optional<Failure> failure = Optional.empty();
    private final FakeStorage storage = new FakeStorage(this::port);
    private volatile int chunkRows = 1_000_000;

    /**
     * [ERRORS] An HTTP failure in the REST API's shape: the status, {@code {"error_code":…,"message":…}}, and for 429
     * and 503 a {@code Retry-After} header in seconds (docs.databricks.com/api/workspace, "Error codes";
     * RFC 9110 section 10.2.3).
     */
    public record Failure(int status, String errorCode, String message, Optional<Integer> retryAfterSeconds) {
        public Failure {
            Objects.requireNonNull(errorCode, "errorCode is null");
            Objects.requireNonNull(message, "message is null");
            Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds is null");
        }

        /** 401: the token is missing, wrong or expired. */
        public static Failure unauthenticated() {
            return new Failure(401, "UNAUTHENTICATED", "Invalid access token.", Optional.empty());
        }

        /** 403: the token is valid, its principal may not use the warehouse. */
        public static Failure permissionDenied() {
            return new Failure(
                    403,
                    "PERMISSION_DENIED",
                    "User does not have CAN_USE permission on this SQL warehouse.",
                    Optional.empty());
        }

        /** 429: the workspace's rate limit for the API. */
        public static Failure rateLimited() {
            return new Failure(
                    429, "REQUEST_LIMIT_EXCEEDED", "Too many requests. Please wait and retry.", Optional.of(1));
        }

        /**
         * 503 while a stopped warehouse starts: the driver's TemporarilyUnavailableRetry exists for it, retrying for
         * TemporarilyUnavailableRetryTimeout (900 s by default; docs.databricks.com/integrations/jdbc-oss/properties).
         */
        public static Failure warehouseStarting(String warehouseId) {
            return new Failure(
                    503,
                    "TEMPORARILY_UNAVAILABLE",
                    "SQL warehouse " + warehouseId + " is starting. Please retry after it is running.",
                    Optional.of(1));
        }
    }

    private StatementExecutionFake(String token, String warehouseId, Set<String> catalogs) {
        this.token = token;
        this.warehouseId = warehouseId;
        this.catalogs = Set.copyOf(catalogs);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake workspace with one warehouse and the given catalogs, each an empty H2 database. */
    public static StatementExecutionFake start(String token, String warehouseId, Set<String> catalogs) {
        return new StatementExecutionFake(token, warehouseId, catalogs);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Method and path of every request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The workspace's OAuth token endpoint: its clients, refresh tokens and clock. */
    public FakeOAuth oauth() {
        return oauth;
    }

    /** Whom each statement the fake was asked to execute ran as, in order: {@code token-user} for the access token. */
    public List<String> statementPrincipals() {
        return List.copyOf(statementPrincipals);
    }

    /** The SQL text of the last statement the fake was asked to execute. */
    public String lastStatement() {
        return lastStatement;
    }

    /** The SQL text of every statement the fake was asked to execute, in order. */
    public List<String> statements() {
        return List.copyOf(statementTexts);
    }

    /** The ids of the statements a cancel call reached, in order. */
    public List<String> cancels() {
        return List.copyOf(cancels);
    }

    /**
     * How long after its post each cancel or close call that found its statement running came, in order: a driver that learns a statement's id only from the
     * first answer cannot cancel it before the service's wait of a synchronous post ({@code wait_timeout}, 10 s by
     * default) has passed.
     */
    public List<Duration> cancelAges() {
        return List.copyOf(cancelAges);
    }

    /** The ids of the statements a cancel or close call found running on the engine, in order. */
    public List<String> cancelsWhileRunning() {
        return List.copyOf(cancelsWhileRunning);
    }

    /**
     * Waits until no statement runs on the engine (a cancelled one stops at its next row) or {@code atMost} passes;
     * returns how many still run.
     */
    public long awaitIdle(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (statementsRunning() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return statementsRunning();
    }

    /** How many statements run on the engine now: a cancel that reached the warehouse leaves none. */
    public long statementsRunning() {
        return statements.values().stream().filter(FakeStatement::running).count();
    }

    /** At most how long a statement's first reply waits before saying PENDING, below its {@code wait_timeout}. */
    public void firstReplyWait(Duration wait) {
        this.firstReplyWait = wait;
    }

    /**
     * At most how many rows a result chunk holds (the service cuts chunks by size, an amount its reference does not
     * give; a million rows by default, so a test sets fewer to see several chunks).
     */
    public void chunkRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("a chunk holds at least one row");
        }
        this.chunkRows = rows;
    }

    /** The clock the external links' expiration is read from (the system's by default). */
    public void storageClock(java.time.Clock clock) {
        storage.clock(clock);
    }

    /** Why each refused download of an external link was refused, in order. */
    public List<String> storageRefusals() {
        return storage.refusals();
    }

    /** Answers every session and statement call with {@code failure} until {@link #recover()}. */
    public void fail(Failure failure) {
        this.failure = Optional.of(failure);
    }

    public void recover() {
        this.failure = Optional.empty();
    }

    /** Runs SQL directly on a catalog's database, for fixtures. */
    public void execute(String catalog, String sql) {
        try (Connection connection = open(catalog);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection open(String catalog) throws SQLException {
        Connection connection = DriverManager.getConnection(
                "jdbc:h2:mem:" + catalog + ";DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;TIME ZONE=UTC");
        try (Statement statement = connection.createStatement()) {
            statement.execute("create alias if not exists carto_range for '" + FakeRange.class.getName() + ".range'");
            statement.execute(
                    "create alias if not exists carto_unhex for '" + FakeFunctions.class.getName() + ".unhex'");
            statement.execute(
                    "create alias if not exists carto_st_point for '" + FakeFunctions.class.getName() + ".stPoint'");
            statement.execute("create alias if not exists carto_st_geomfromwkb for '" + FakeFunctions.class.getName()
                    + ".stGeomFromWkb'");
            statement.execute(
                    "create alias if not exists carto_st_asewkb for '" + FakeFunctions.class.getName() + ".stAsEwkb'");
            for (String function : List.of("GeomFromText", "Intersects", "XMin", "XMax", "YMin", "YMax", "Transform")) {
                statement.execute("create alias if not exists carto_st_" + function.toLowerCase(Locale.ROOT) + " for '"
                        + FakeFunctions.class.getName() + ".st" + function + "'");
            }
        }
        return connection;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            requests.add(method + " " + path);
            if (path.equals("/oidc/v1/token")) {
                oauth.handle(exchange);
                return;
            }
            Matcher stored = STORAGE.matcher(path);
            if (stored.matches()) {
                // [LINKS] the storage of external links takes no Databricks token: the URL is the credential.
                storage.handle(exchange, stored.group(1));
                return;
            }
            if (path.startsWith("/oidc/")) {
                // The SDK probes OAuth discovery before anything else; a token workspace need not answer it.
                reply(exchange, 404, error("NOT_FOUND", "Not Found"));
                return;
            }
            // [AUTH] every call, not only the first one of a session.
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Optional<String> principal = authorization == null || !authorization.startsWith("Bearer ")
                    ? Optional.empty()
                    : principal(authorization.substring("Bearer ".length()));
            if (principal.isEmpty()) {
                reply(exchange, 401, error("UNAUTHENTICATED", "Invalid access token."));
                return;
            }
            if (method.equals("POST") && path.matches("/api/2\\.0/sql/statements/?")) {
                statementPrincipals.add(principal.get());
            }
            JsonNode body = readBody(exchange);
            Optional<Failure> failing = failure;
            if (failing.isPresent()) {
                failing.get()
                        .retryAfterSeconds()
                        .ifPresent(seconds -> exchange.getResponseHeaders().set("Retry-After", seconds.toString()));
                reply(
                        exchange,
                        failing.get().status(),
                        error(failing.get().errorCode(), failing.get().message()));
                return;
            }
            Matcher statement = STATEMENT.matcher(path);
            Matcher session = SESSION.matcher(path);
            Matcher chunk = CHUNK.matcher(path);
            if (method.equals("POST") && path.matches("/api/2\\.0/sql/sessions/?")) {
                createSession(exchange, body);
            } else if (method.equals("DELETE") && session.matches()) {
                deleteSession(exchange, session.group(1));
            } else if (method.equals("POST") && path.matches("/api/2\\.0/sql/statements/?")) {
                executeStatement(exchange, body);
            } else if (statement.matches() && statement.group(2) != null && method.equals("POST")) {
                withStatement(exchange, statement.group(1), found -> {
                    cancels.add(found.id());
                    if (found.running()) {
                        cancelsWhileRunning.add(found.id());
                        cancelAges.add(found.age());
                    }
                    found.cancel();
                    return JSON.createObjectNode();
                });
            } else if (chunk.matches() && method.equals("GET")) {
                chunk(exchange, chunk.group(1), Integer.parseInt(chunk.group(2)));
            } else if (statement.matches() && statement.group(2) == null && method.equals("GET")) {
                withStatement(exchange, statement.group(1), found -> found.reply(Duration.ZERO));
            } else if (statement.matches() && statement.group(2) == null && method.equals("DELETE")) {
                withStatement(exchange, statement.group(1), found -> {
                    // [CANCEL] closing a running statement cancels it too.
                    if (found.running()) {
                        cancelsWhileRunning.add(found.id());
                        cancelAges.add(found.age());
                    }
                    found.cancel();
                    statements.remove(found.id());
                    return JSON.createObjectNode();
                });
            } else {
                reply(exchange, 404, error("ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'"));
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, error("INTERNAL_ERROR", String.valueOf(e)));
        }
    }

    private Optional<String> principal(String bearer) {
        return bearer.equals(token) ? Optional.of("token-user") : oauth.principal(bearer);
    }

    private void createSession(HttpExchange exchange, JsonNode body) throws IOException {
        if (!warehouseId.equals(body.path("warehouse_id").asText())) {
            // [SESSIONS] a session is opened on one warehouse of the workspace.
            reply(exchange, 404, error("RESOURCE_DOES_NOT_EXIST", "SQL warehouse does not exist."));
            return;
        }
        String catalog = body.path("catalog").asText("hive_metastore");
        if (!catalogs.contains(catalog)) {
            reply(
                    exchange,
                    404,
                    error(
                            "NOT_FOUND",
                            "[NO_SUCH_CATALOG_EXCEPTION] Catalog '" + catalog + "' was not found. SQLSTATE: 42704"));
            return;
        }
        String schema = body.path("schema").asText("default");
        try {
            Connection connection = open(catalog);
            try (Statement statement = connection.createStatement()) {
                statement.execute("create schema if not exists \"default\"");
                statement.execute("set schema \"" + schema.replace("\"", "\"\"") + "\"");
                // Built-in functions (the fake's range) live in public and are found from every schema.
                statement.execute("set schema_search_path \"" + schema.replace("\"", "\"\"") + "\", public");
            } catch (SQLException e) {
                connection.close();
                reply(
                        exchange,
                        404,
                        error(
                                "NOT_FOUND",
                                "[SCHEMA_NOT_FOUND] The schema `" + schema + "` cannot be found. SQLSTATE: 42704"));
                return;
            }
            String id = "session-" + ids.incrementAndGet();
            sessions.put(id, new FakeSession(id, connection));
            ObjectNode reply = JSON.createObjectNode().put("session_id", id);
            reply(exchange, 200, reply);
        } catch (SQLException e) {
            reply(exchange, 500, error("INTERNAL_ERROR", e.getMessage()));
        }
    }

    private void deleteSession(HttpExchange exchange, String id) throws IOException {
        String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
        if (!query.contains("warehouse_id=" + warehouseId)) {
            // [SESSIONS] the driver names the session's warehouse when it deletes it.
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", "warehouse_id is required"));
            return;
        }
        FakeSession session = sessions.remove(id);
        if (session == null) {
            reply(exchange, 404, error("NOT_FOUND", "Session " + id + " does not exist"));
            return;
        }
        session.close();
        reply(exchange, 200, JSON.createObjectNode());
    }

    private void executeStatement(HttpExchange exchange, JsonNode body) throws IOException {
        // [EXECUTE] statement and warehouse_id are required; the warehouse must be the session's.
        if (!body.hasNonNull("statement")
                || !warehouseId.equals(body.path("warehouse_id").asText())) {
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", "statement and warehouse_id are required"));
            return;
        }
        FakeSession session = sessions.get(body.path("session_id").asText());
        if (session == null) {
            reply(exchange, 404, error("NOT_FOUND", "Session does not exist"));
            return;
        }
        if (body.has("row_limit") && body.get("row_limit").asLong() < 0) {
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", "row_limit must be a positive number"));
            return;
        }
        // [EXECUTE] wait_timeout is "<n>s", 0 (asynchronous) or 5 to 50; 10 s when absent. on_wait_timeout CONTINUE
        // answers PENDING at the timeout (the driver's only choice), CANCEL would cancel the statement.
        Duration wait = Duration.ofSeconds(10);
        if (body.has("wait_timeout")) {
            Matcher seconds = WAIT_TIMEOUT.matcher(body.get("wait_timeout").asText());
            long value = seconds.matches() ? Long.parseLong(seconds.group(1)) : -1;
            if (value != 0 && (value < 5 || value > 50)) {
                reply(exchange, 400, error("INVALID_PARAMETER_VALUE", "wait_timeout must be 0s or 5s to 50s"));
                return;
            }
            wait = Duration.ofSeconds(value);
        }
        // [EXECUTE] format JSON_ARRAY (default), ARROW_STREAM or CSV; disposition INLINE (default) or EXTERNAL_LINKS,
        // and "ARROW_STREAM and CSV are supported only with EXTERNAL_LINKS disposition"; INLINE_OR_EXTERNAL_LINKS is
        // the driver's hybrid disposition (see FakeResult). result_compression NONE or LZ4_FRAME.
        String format = body.path("format").asText("JSON_ARRAY");
        String disposition = body.path("disposition").asText("INLINE");
        String compression = body.path("result_compression").asText("NONE");
        if (!FORMATS.contains(format) || !DISPOSITIONS.contains(disposition) || !COMPRESSIONS.contains(compression)) {
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", "unknown format, disposition or result_compression"));
            return;
        }
        if (disposition.equals("INLINE") && !format.equals("JSON_ARRAY")) {
            reply(
                    exchange,
                    400,
                    error(
                            "INVALID_PARAMETER_VALUE",
                            format + " is supported only with EXTERNAL_LINKS disposition, not with INLINE"));
            return;
        }
        if (format.equals("CSV") || (!disposition.equals("INLINE") && format.equals("JSON_ARRAY"))) {
            // The service serves these; the driver never asks for them, so the fake does not model them.
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", "the fake serves no " + format + " external links"));
            return;
        }
        if (!body.path("on_wait_timeout").asText("CONTINUE").equals("CONTINUE")) {
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", "the fake answers on_wait_timeout CONTINUE only"));
            return;
        }
        lastStatement = body.get("statement").asText();
        statementTexts.add(lastStatement);
        String id = "statement-" + ids.incrementAndGet();
        FakeStatement statement = FakeStatement.submit(
                id,
                session,
                body.get("statement").asText(),
                body.path("parameters"),
                body.has("row_limit") ? body.get("row_limit").asLong() : Long.MAX_VALUE,
                new FakeResult.Shape(format, disposition, compression.equals("LZ4_FRAME")),
                chunkRows,
                storage,
                runners);
        statements.put(id, statement);
        if (wait.isZero()) {
            reply(exchange, 200, statement.pending());
            return;
        }
        Duration cap = firstReplyWait;
        reply(exchange, 200, statement.reply(wait.compareTo(cap) < 0 ? wait : cap));
    }

    private void chunk(HttpExchange exchange, String id, int index) throws IOException {
        FakeStatement statement = statements.get(id);
        if (statement == null) {
            reply(exchange, 404, error("RESOURCE_DOES_NOT_EXIST", "Statement " + id + " does not exist"));
            return;
        }
        ObjectNode found;
        try {
            found = statement.chunk(index);
        } catch (IllegalArgumentException e) {
            // [RESULT] a chunk the result does not have, or of a statement that has no result.
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", String.valueOf(e.getMessage())));
            return;
        }
        reply(exchange, 200, found);
    }

    private interface StatementAction {
        ObjectNode apply(FakeStatement statement) throws IOException;
    }

    private void withStatement(HttpExchange exchange, String id, StatementAction action) throws IOException {
        FakeStatement statement = statements.get(id);
        if (statement == null) {
            reply(exchange, 404, error("RESOURCE_DOES_NOT_EXIST", "Statement " + id + " does not exist"));
            return;
        }
        reply(exchange, 200, action.apply(statement));
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream input = exchange.getRequestBody()) {
            byte[] bytes = input.readAllBytes();
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }
    }

    static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    static ObjectMapper json() {
        return JSON;
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        statements.values().forEach(FakeStatement::cancel);
        sessions.values().forEach(FakeSession::close);
        handlers.shutdownNow();
        runners.shutdownNow();
    }

    /** A session: one H2 connection, statements run on it one at a time. */
    record FakeSession(String id, Connection connection) {
        void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing an in-memory connection that is already closed: nothing to clean.
            }
        }
    }
}
