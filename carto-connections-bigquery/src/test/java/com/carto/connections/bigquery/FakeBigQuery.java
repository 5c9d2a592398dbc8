package com.carto.connections.bigquery;

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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A fake BigQuery REST API (and Google token endpoints) on 127.0.0.1, for the real google-cloud-bigquery client
 * pointed at it with {@code setHost}. Queries really run, on H2 ({@link FakeBigQueryEngine}). It serves
 * {@code jobs.insert/get/cancel}, {@code jobs.getQueryResults}, {@code tabledata.list}, {@code projects.list}, {@code datasets.list/get/insert},
 * {@code tables.list/get/delete}; bodies may be gzip in both directions; rows are {@code f}/{@code v}; pages follow
 * {@code pageToken}. Every API call needs a bearer token that {@link FakeGoogleAuth} issued. It is as strict as
 * BigQuery where the provider could go wrong, each rule citing its reference: datasets and jobs live in locations,
 * a job is found only where it runs and cannot read one location while writing another, a job id is used once, labels
 * and {@code maximumBytesBilled} are enforced, expired tables are deleted. Switches: the page size, faults in Google's
 * error shape per API method (once, before or after acting), forced failures per path, hung requests. It does not
 * serve {@code jobs.query} (the provider never uses it), the Storage Read API, legacy SQL, or any GoogleSQL that H2
 * does not run.
 */
final class FakeBigQuery implements AutoCloseable {
    static final String PROJECT = "carto-test-project";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/bigquery/v2/projects/";
    private static final String PROJECTS = "/bigquery/v2/projects";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final FakeBigQueryEngine engine = new FakeBigQueryEngine(PROJECT);
    private final FakeGoogleAuth auth;
    private final ConcurrentLinkedDeque<String> requests = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<AuthorizedRequest> authorized = new ConcurrentLinkedDeque<>();
    private final List<ForcedFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<String> hangs = new ConcurrentLinkedDeque<>();
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger hung = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int pageSize = Integer.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicInteger gzipBodies =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger dryRuns = new java.util.concurrent.atomic.AtomicInteger();

    private FakeBigQuery() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "fake-bigquery-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        auth = new FakeGoogleAuth(endpoint());
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeBigQuery start() {
        try {
            return new FakeBigQuery();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The API root to give the client's {@code setHost}: {@code http://127.0.0.1:port}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeGoogleAuth auth() {
        return auth;
    }

    FakeBigQueryEngine engine() {
        return engine;
    }

    /** Caps every page of rows at this many, whatever the client asks for. */
    void pageSize(int rows) {
        pageSize = rows;
    }

    /** Answers the next {@code count} requests whose path contains {@code pathPart} with this HTTP error. */
    void failNext(int count, String pathPart, int status, String reason) {
        failures.add(new ForcedFailure(pathPart, status, reason, count));
    }

    /**
     * Answers the next request of an API method ({@code jobs.insert}, {@code jobs.get}, {@code jobs.getQueryResults},
     * {@code jobs.cancel}, {@code tabledata.list}, {@code datasets.get}, {@code datasets.insert}, {@code tables.patch},
     * …) with this error in Google's shape, without acting on it. Once: the request after it is served.
     */
    void failNext(String apiMethod, int status, String reason) {
        faults.add(new Fault(apiMethod, status, reason, false));
    }

    /**
     * Acts on the next request of an API method, then answers it with this error: the service did the work but its
     * answer was lost (a 503 from a proxy after {@code jobs.insert} created the job). Once.
     */
    void failNextAfterActing(String apiMethod, int status, String reason) {
        faults.add(new Fault(apiMethod, status, reason, true));
    }

    /** Injected faults not yet used. */
    int faultsLeft() {
        return faults.size();
    }

    /** Also lets hung requests answer and forgets requests set to hang. */
    void clearFailures() {
        failures.clear();
        faults.clear();
        hangs.clear();
        CountDownLatch released = hangRelease;
        hangRelease = new CountDownLatch(1);
        released.countDown();
    }

    /**
     * Makes the next request whose {@code METHOD path} contains {@code requestPart} hang: it gets no answer until
     * {@link #clearFailures} or the fake closes, as from a BigQuery that stopped responding mid-call.
     */
    void hangNext(String requestPart) {
        hangs.add(requestPart);
    }

    /** How many requests {@link #hangNext} has made hang so far. */
    int hung() {
        return hung.get();
    }

    private void hangIfAsked(String request) {
        for (String part : hangs) {
            if (request.contains(part) && hangs.remove(part)) {
                hung.incrementAndGet();
                try {
                    hangRelease.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
    }

    /** Every request so far, as {@code METHOD path?query}, oldest first. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Every API request it served so far with a token it knows, and what that token was issued for, oldest first. */
    List<AuthorizedRequest> authorizedRequests() {
        return List.copyOf(authorized);
    }

    void clearRequests() {
        requests.clear();
        authorized.clear();
        dryRuns.set(0);
        gzipBodies.set(0);
    }

    /** Request and response bodies that went gzip-compressed since the requests were last cleared. */
    int gzipBodies() {
        return gzipBodies.get();
    }

    /** Dry-run jobs since the requests were last cleared. */
    int dryRuns() {
        return dryRuns.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String request = exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query);
            requests.add(request);
            hangIfAsked(request);
            byte[] body = readBody(exchange);
            Map<String, String> parameters = form(query);
            Answer answer = forcedFailure(path);
            if (answer == null) {
                answer = route(exchange, path, parameters, body);
            }
            send(exchange, answer);
        } catch (RuntimeException e) {
            send(exchange, Answer.error(500, "internalError", "fake failure: " + e));
        }
    }

    private Answer forcedFailure(String path) {
        synchronized (failures) {
            for (ForcedFailure failure : failures) {
                if (failure.remaining > 0 && path.contains(failure.pathPart)) {
                    failure.remaining--;
                    return Answer.error(failure.status, failure.reason, "forced failure: " + failure.reason);
                }
            }
        }
        return null;
    }

    private Answer route(HttpExchange exchange, String path, Map<String, String> parameters, byte[] body)
            throws IOException {
        engine.dropExpiredTables();
        if (path.equals(PROJECTS)) {
            path = API;
        }
        if (!path.startsWith(API)) {
            return auth.handle(exchange.getRequestMethod(), path, new String(body, StandardCharsets.UTF_8));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!auth.accepts(authorization)) {
            return Answer.error(401, "authError", "Request had invalid authentication credentials.");
        }
        authorized.add(new AuthorizedRequest(exchange.getRequestMethod() + " " + path, auth.grantOf(authorization)));
        if (path.equals(API)) {
            Fault fault = takeFault("projects.list");
            return fault != null ? fault.answer() : listProjects();
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.substring(API.length()).split("/")) {
            segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
        }
        String project = segments.get(0);
        if (!project.equals(PROJECT)) {
            return Answer.error(404, "notFound", "Not found: Project " + project);
        }
        // google-http-client sends PATCH as a POST that names the method in this header.
        String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
        String method = override == null ? exchange.getRequestMethod() : override;
        List<String> rest = segments.subList(1, segments.size());
        String shape = method + " "
                + String.join("/", rest.stream().map(FakeBigQuery::shapeOf).toList());
        Fault fault = takeFault(apiMethod(shape));
        if (fault != null && !fault.afterActing()) {
            return fault.answer();
        }
        Answer answer = serve(shape, rest, parameters, body);
        return fault == null ? answer : fault.answer();
    }

    private Fault takeFault(String apiMethod) {
        for (Fault fault : faults) {
            if (fault.apiMethod().equals(apiMethod) && faults.remove(fault)) {
                return fault;
            }
        }
        return null;
    }

    private static String apiMethod(String shape) {
        return switch (shape) {
            case "POST jobs" -> "jobs.insert";
            case "GET jobs/*" -> "jobs.get";
            case "POST jobs/*/cancel" -> "jobs.cancel";
            case "GET queries/*" -> "jobs.getQueryResults";
            case "GET datasets" -> "datasets.list";
            case "POST datasets" -> "datasets.insert";
            case "GET datasets/*" -> "datasets.get";
            case "GET datasets/*/tables" -> "tables.list";
            case "GET datasets/*/tables/*" -> "tables.get";
            case "PATCH datasets/*/tables/*" -> "tables.patch";
            case "DELETE datasets/*/tables/*" -> "tables.delete";
            case "GET datasets/*/tables/*/data" -> "tabledata.list";
            default -> shape;
        };
    }

    private Answer serve(String shape, List<String> rest, Map<String, String> parameters, byte[] body)
            throws IOException {
        return switch (shape) {
            case "POST jobs" -> insertJob(JSON.readTree(body));
            case "GET jobs/*" -> job(rest.get(1), parameters, job -> Answer.ok(job.resource(PROJECT)));
            case "POST jobs/*/cancel" ->
                job(rest.get(1), parameters, job -> {
                    job.cancel();
                    job.await(5_000);
                    ObjectNode answer = JSON.createObjectNode().put("kind", "bigquery#jobCancelResponse");
                    answer.set("job", job.resource(PROJECT));
                    return Answer.ok(answer);
                });
            case "GET queries/*" -> job(rest.get(1), parameters, job -> queryResults(job, parameters));
            case "GET datasets" -> listDatasets(parameters);
            case "POST datasets" -> insertDataset(JSON.readTree(body));
            case "GET datasets/*" -> getDataset(rest.get(1));
            case "GET datasets/*/tables" -> listTables(rest.get(1), parameters);
            case "GET datasets/*/tables/*" -> getTable(rest.get(1), rest.get(3));
            case "DELETE datasets/*/tables/*" -> deleteTable(rest.get(1), rest.get(3));
            case "PATCH datasets/*/tables/*" -> patchTable(rest.get(1), rest.get(3), JSON.readTree(body));
            case "GET datasets/*/tables/*/data" -> tableData(rest.get(1), rest.get(3), parameters);
            default -> Answer.error(400, "badRequest", "the fake does not serve " + shape);
        };
    }

    private static String shapeOf(String segment) {
        return switch (segment) {
            case "jobs", "queries", "datasets", "tables", "data", "cancel" -> segment;
            default -> "*";
        };
    }

    private Answer insertJob(JsonNode body) {
        JsonNode reference = body.path("jobReference");
        String jobId =
                reference.path("jobId").asText(java.util.UUID.randomUUID().toString());
        // "The ID of the job. The ID must contain only letters (a-z, A-Z), numbers (0-9), underscores (_), or dashes
        // (-). The maximum length is 1,024 characters."
        // https://cloud.google.com/bigquery/docs/reference/rest/v2/JobReference#FIELDS.job_id
        if (!jobId.matches("[A-Za-z0-9_-]{1,1024}")) {
            return Answer.error(400, "invalid", "Invalid job ID \"" + jobId + "\"");
        }
        FakeJob existing = engine.job(jobId);
        if (existing != null) {
            // A job id is used once per project; a second insert is refused, naming the job as
            // project:LOCATION.jobId (as bq prints "Already Exists: Job my-project:US.bqjob_…").
            // https://cloud.google.com/bigquery/docs/running-jobs#generate-jobid
            return Answer.error(
                    409, "duplicate", "Already Exists: Job " + PROJECT + ":" + existing.location + "." + jobId);
        }
        JsonNode configuration = body.path("configuration");
        Answer badLabels = checkLabels(configuration.path("labels"));
        if (badLabels != null) {
            return badLabels;
        }
        boolean dryRun = configuration.path("dryRun").asBoolean(false);
        if (dryRun) {
            dryRuns.incrementAndGet();
        }
        String requested =
                reference.hasNonNull("location") ? reference.get("location").asText() : null;
        JobPlace place = place(configuration.path("query"), requested);
        if (place.error() != null) {
            return Answer.ok(engine.failed(jobId, place.location(), configuration, place.error())
                    .resource(PROJECT));
        }
        FakeJob job = engine.start(jobId, place.location(), configuration, dryRun);
        // Short queries answer DONE at once, as BigQuery's do; longer ones are polled with jobs.get.
        job.await(100);
        return Answer.ok(job.resource(PROJECT));
    }

    /** Where a job runs, or why it cannot run there. */
    private record JobPlace(String location, FakeBigQueryEngine.FakeError error) {}

    /**
     * The job's location: the one the request names, or else the location of the datasets it reads and writes, or
     * else US. Every dataset a job reads or writes must be in the job's location: a dataset elsewhere is "not found
     * in location", and a query cannot write its results to a dataset in another location than the data it reads.
     * https://cloud.google.com/bigquery/docs/locations#specify_locations and
     * https://cloud.google.com/bigquery/docs/reference/rest/v2/JobReference#FIELDS.location
     */
    private JobPlace place(JsonNode query, String requested) {
        List<String> sources = new ArrayList<>();
        try {
            for (List<String> table :
                    engine.rewriteQuery(query.path("query").asText()).tables()) {
                if (engine.datasetExists(table.get(0)) && !sources.contains(table.get(0))) {
                    sources.add(table.get(0));
                }
            }
        } catch (SQLException e) {
            // SQL that does not even read: the job fails when it runs.
        }
        String destination = query.path("destinationTable").path("datasetId").asText(null);
        if (destination != null && !engine.datasetExists(destination)) {
            destination = null;
        }
        String location = requested;
        if (location == null) {
            location = !sources.isEmpty()
                    ? engine.datasetLocation(sources.get(0))
                    : destination != null ? engine.datasetLocation(destination) : "US";
        }
        for (String source : sources) {
            if (!engine.datasetLocation(source).equalsIgnoreCase(location)) {
                return new JobPlace(location, notInLocation(source, location));
            }
        }
        if (destination != null && !engine.datasetLocation(destination).equalsIgnoreCase(location)) {
            return new JobPlace(
                    location,
                    requested != null || sources.isEmpty()
                            ? notInLocation(destination, location)
                            : new FakeBigQueryEngine.FakeError(
                                    400,
                                    "invalid",
                                    "Cannot read and write in different locations: source: " + location
                                            + ", destination: " + engine.datasetLocation(destination)));
        }
        return new JobPlace(location, null);
    }

    private static FakeBigQueryEngine.FakeError notInLocation(String dataset, String location) {
        return new FakeBigQueryEngine.FakeError(
                404,
                "notFound",
                "Not found: Dataset " + PROJECT + ":" + dataset + " was not found in location " + location);
    }

    /**
     * Labels as BigQuery accepts them: at most 64; keys 1–63 characters, values 0–63, only lowercase letters,
     * international characters, digits, underscores and dashes; a key starts with a lowercase letter or an
     * international character. https://cloud.google.com/bigquery/docs/labels-intro#requirements
     */
    private static Answer checkLabels(JsonNode labels) {
        if (labels.size() > 64) {
            return Answer.error(400, "invalid", "Too many labels: " + labels.size() + "; at most 64 are allowed");
        }
        for (java.util.Iterator<Map.Entry<String, JsonNode>> entries = labels.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> label = entries.next();
            if (!label.getKey().matches("[\\p{Ll}\\p{Lo}][\\p{Ll}\\p{Lo}\\p{N}_-]{0,62}")) {
                return Answer.error(400, "invalid", "Invalid label key: " + label.getKey());
            }
            if (!label.getValue().asText().matches("[\\p{Ll}\\p{Lo}\\p{N}_-]{0,63}")) {
                return Answer.error(
                        400,
                        "invalid",
                        "Invalid label value: " + label.getValue().asText());
            }
        }
        return null;
    }

    /**
     * jobs.get, jobs.getQueryResults and jobs.cancel find a job only where it runs: the location "must be specified"
     * for a job that is not in the US or EU multi-region, and a location that is not the job's finds nothing.
     * https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/get#query-parameters (the same for
     * jobs/getQueryResults and jobs/cancel)
     */
    private Answer job(
            String jobId, Map<String, String> parameters, java.util.function.Function<FakeJob, Answer> action) {
        FakeJob job = engine.job(jobId);
        String asked = parameters.get("location");
        boolean found = job != null
                && (asked == null
                        ? job.location.equalsIgnoreCase("US") || job.location.equalsIgnoreCase("EU")
                        : asked.equalsIgnoreCase(job.location));
        if (!found) {
            return Answer.error(
                    404, "notFound", "Not found: Job " + PROJECT + ":" + (asked == null ? "" : asked + ".") + jobId);
        }
        return action.apply(job);
    }

    private Answer queryResults(FakeJob job, Map<String, String> parameters) {
        long wait = Math.min(10_000, Long.parseLong(parameters.getOrDefault("timeoutMs", "10000")));
        ObjectNode answer = JSON.createObjectNode().put("kind", "bigquery#getQueryResultsResponse");
        answer.putObject("jobReference")
                .put("projectId", PROJECT)
                .put("jobId", job.id)
                .put("location", job.location);
        if (!job.await(wait)) {
            return Answer.ok(answer.put("jobComplete", false));
        }
        if (job.error() != null) {
            return Answer.error(
                    job.error().status(), job.error().reason(), job.error().message());
        }
        answer.put("jobComplete", true);
        if (job.schema() == null) {
            return Answer.ok(answer.put("totalRows", "0"));
        }
        answer.putObject("schema").set("fields", job.schema());
        page(answer, job.schema(), job.rows(), parameters, "pageToken");
        return Answer.ok(answer);
    }

    private Answer tableData(String dataset, String table, Map<String, String> parameters) {
        FakeJob result = engine.resultTable(dataset, table);
        if (result != null) {
            ObjectNode answer = JSON.createObjectNode().put("kind", "bigquery#tableDataList");
            page(answer, result.schema(), result.rows(), parameters, "pageToken");
            return Answer.ok(answer);
        }
        try (Connection connection = engine.connect();
                PreparedStatement select = connection.prepareStatement("select * from " + h2Name(dataset, table));
                ResultSet rows = select.executeQuery()) {
            ArrayNode fields = FakeBigQueryEngine.schema(rows.getMetaData());
            List<Object[]> read = new ArrayList<>();
            while (rows.next()) {
                Object[] row = new Object[fields.size()];
                for (int column = 0; column < row.length; column++) {
                    row[column] = FakeBigQueryEngine.read(rows, column + 1, fields.get(column));
                }
                read.add(row);
            }
            ObjectNode answer = JSON.createObjectNode().put("kind", "bigquery#tableDataList");
            page(answer, fields, read, parameters, "pageToken");
            return Answer.ok(answer);
        } catch (SQLException e) {
            FakeBigQueryEngine.FakeError error = FakeBigQueryEngine.error(e);
            return Answer.error(error.status(), error.reason(), error.message());
        }
    }

    /** Rows from the page token's offset (or {@code startIndex}), at most {@code maxResults} and the page size switch. */
    private void page(
            ObjectNode answer,
            ArrayNode fields,
            List<Object[]> rows,
            Map<String, String> parameters,
            String tokenName) {
        answer.put("totalRows", Long.toString(rows.size()));
        long maxResults = Long.parseLong(parameters.getOrDefault("maxResults", "10000"));
        if (maxResults == 0) {
            if (!rows.isEmpty()) {
                answer.put(tokenName, "0");
            }
            return;
        }
        int from = Integer.parseInt(parameters.getOrDefault("pageToken", parameters.getOrDefault("startIndex", "0")));
        int to = (int) Math.min(rows.size(), from + Math.min(maxResults, pageSize));
        ArrayNode out = answer.putArray("rows");
        for (Object[] row : rows.subList(from, to)) {
            ArrayNode cells = out.addObject().putArray("f");
            for (int column = 0; column < row.length; column++) {
                JsonNode field = fields.get(column);
                cells.add(FakeBigQueryEngine.cell(field, row[column]));
            }
        }
        if (to < rows.size()) {
            answer.put(tokenName, Integer.toString(to));
        }
    }

    private static Answer listProjects() {
        ObjectNode answer =
                JSON.createObjectNode().put("kind", "bigquery#projectList").put("totalItems", 1);
        ObjectNode project = answer.putArray("projects")
                .addObject()
                .put("kind", "bigquery#project")
                .put("id", PROJECT)
                .put("numericId", "1")
                .put("friendlyName", PROJECT);
        project.putObject("projectReference").put("projectId", PROJECT);
        return Answer.ok(answer);
    }

    private Answer listDatasets(Map<String, String> parameters) {
        List<String> names = names("select schema_name from information_schema.schemata where schema_name not in"
                + " ('information_schema', 'public') order by schema_name");
        ObjectNode answer = JSON.createObjectNode().put("kind", "bigquery#datasetList");
        ArrayNode datasets = answer.putArray("datasets");
        for (String name : slice(names, parameters, answer)) {
            ObjectNode dataset =
                    datasets.addObject().put("kind", "bigquery#dataset").put("id", PROJECT + ":" + name);
            dataset.putObject("datasetReference").put("projectId", PROJECT).put("datasetId", name);
            dataset.put("location", engine.datasetLocation(name));
        }
        return Answer.ok(answer);
    }

    private Answer getDataset(String dataset) {
        if (!schemaExists(dataset)) {
            return Answer.error(404, "notFound", "Not found: Dataset " + PROJECT + ":" + dataset);
        }
        ObjectNode answer =
                JSON.createObjectNode().put("kind", "bigquery#dataset").put("id", PROJECT + ":" + dataset);
        answer.putObject("datasetReference").put("projectId", PROJECT).put("datasetId", dataset);
        Long lifetime = engine.datasetTableLifetime(dataset);
        if (lifetime != null) {
            answer.put("defaultTableExpirationMs", Long.toString(lifetime));
        }
        return Answer.ok(answer.put("location", engine.datasetLocation(dataset)));
    }

    /**
     * A dataset lives where the request says, US when it says nothing; a default table lifetime is at least an hour.
     * https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets#Dataset.FIELDS.location and
     * https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets#Dataset.FIELDS.default_table_expiration_ms
     */
    private Answer insertDataset(JsonNode body) {
        String dataset = body.path("datasetReference").path("datasetId").asText();
        if (schemaExists(dataset)) {
            return Answer.error(409, "duplicate", "Already Exists: Dataset " + PROJECT + ":" + dataset);
        }
        JsonNode lifetime = body.path("defaultTableExpirationMs");
        if (!lifetime.isMissingNode() && Long.parseLong(lifetime.asText()) < 3_600_000L) {
            return Answer.error(
                    400,
                    "invalid",
                    "Invalid value for defaultTableExpirationMs: " + lifetime.asText()
                            + "; the minimum is 3600000 (one hour)");
        }
        engine.createDataset(
                dataset, body.hasNonNull("location") ? body.get("location").asText() : "US");
        if (!lifetime.isMissingNode()) {
            engine.datasetTableLifetime(dataset, Long.parseLong(lifetime.asText()));
        }
        return getDataset(dataset);
    }

    private Answer listTables(String dataset, Map<String, String> parameters) {
        if (!schemaExists(dataset)) {
            return Answer.error(404, "notFound", "Not found: Dataset " + PROJECT + ":" + dataset);
        }
        ObjectNode answer = JSON.createObjectNode().put("kind", "bigquery#tableList");
        List<String[]> tables = new ArrayList<>();
        try (Connection connection = engine.connect();
                PreparedStatement select = connection.prepareStatement("select table_name, table_type from"
                        + " information_schema.tables where table_schema = ? order by table_name")) {
            select.setString(1, dataset);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tables.add(
                            new String[] {rows.getString(1), rows.getString(2).contains("VIEW") ? "VIEW" : "TABLE"});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        answer.put("totalItems", tables.size());
        ArrayNode items = answer.putArray("tables");
        for (String[] table : slice(tables, parameters, answer)) {
            ObjectNode item =
                    items.addObject().put("kind", "bigquery#table").put("id", PROJECT + ":" + dataset + "." + table[0]);
            item.putObject("tableReference")
                    .put("projectId", PROJECT)
                    .put("datasetId", dataset)
                    .put("tableId", table[0]);
            item.put("type", table[1]);
        }
        return Answer.ok(answer);
    }

    private Answer getTable(String dataset, String table) {
        try (Connection connection = engine.connect();
                PreparedStatement select =
                        connection.prepareStatement("select * from " + h2Name(dataset, table) + " where false");
                ResultSet rows = select.executeQuery()) {
            ObjectNode answer = JSON.createObjectNode()
                    .put("kind", "bigquery#table")
                    .put("id", PROJECT + ":" + dataset + "." + table);
            answer.putObject("tableReference")
                    .put("projectId", PROJECT)
                    .put("datasetId", dataset)
                    .put("tableId", table);
            answer.put("type", "TABLE");
            answer.put("location", engine.datasetLocation(dataset));
            Long expiration = engine.tableExpiration(dataset, table);
            if (expiration != null) {
                answer.put("expirationTime", Long.toString(expiration));
            }
            answer.putObject("schema").set("fields", FakeBigQueryEngine.schema(rows.getMetaData()));
            return Answer.ok(answer);
        } catch (SQLException e) {
            return Answer.error(404, "notFound", "Not found: Table " + PROJECT + ":" + dataset + "." + table);
        }
    }

    /**
     * tables.patch changes only the fields it is sent; the fake takes {@code expirationTime} and refuses a schema,
     * which would replace the table's columns (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables/patch).
     */
    private Answer patchTable(String dataset, String table, JsonNode body) {
        if (body.has("schema")) {
            return Answer.error(400, "invalid", "the fake does not change schemas with tables.patch");
        }
        Answer current = getTable(dataset, table);
        if (current.status() != 200) {
            return current;
        }
        if (body.hasNonNull("expirationTime")) {
            engine.tableExpiration(
                    dataset, table, Long.parseLong(body.get("expirationTime").asText()));
        }
        return getTable(dataset, table);
    }

    private Answer deleteTable(String dataset, String table) {
        try (Connection connection = engine.connect();
                PreparedStatement drop = connection.prepareStatement("drop table " + h2Name(dataset, table))) {
            drop.execute();
            engine.tableDropped(dataset, table);
            return new Answer(204, null);
        } catch (SQLException e) {
            return Answer.error(404, "notFound", "Not found: Table " + PROJECT + ":" + dataset + "." + table);
        }
    }

    private static String h2Name(String dataset, String table) {
        return "\"" + dataset.replace("\"", "\"\"") + "\".\"" + table.replace("\"", "\"\"") + "\"";
    }

    private boolean schemaExists(String dataset) {
        return names("select schema_name from information_schema.schemata").contains(dataset);
    }

    private List<String> names(String sql) {
        List<String> names = new ArrayList<>();
        try (Connection connection = engine.connect();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        names.remove(FakeBigQueryEngine.ANONYMOUS_DATASET);
        return names;
    }

    /** One page of a listing, with {@code nextPageToken} the offset of the next item. */
    private static <T> List<T> slice(List<T> items, Map<String, String> parameters, ObjectNode answer) {
        int from = Integer.parseInt(parameters.getOrDefault("pageToken", "0"));
        int size = Integer.parseInt(parameters.getOrDefault("maxResults", "50"));
        int to = Math.min(items.size(), from + size);
        if (to < items.size()) {
            answer.put("nextPageToken", Integer.toString(to));
        }
        return items.subList(Math.min(from, items.size()), to);
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
            gzipBodies.incrementAndGet();
        }
        return in.readAllBytes();
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            values.put(key, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(answer.body());
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (accepted != null && accepted.contains("gzip")) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (OutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(bytes);
            }
            bytes = zipped.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            gzipBodies.incrementAndGet();
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        engine.close();
    }

    /** An HTTP answer: a status and a JSON body, or none. */
    /** An API request as {@code METHOD path}, and what its bearer token was issued for ({@link FakeGoogleAuth#grantOf}). */
    record AuthorizedRequest(String request, String grant) {}

    record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }

        /** BigQuery's error body: {@code {"error":{"code","message","status","errors":[{"reason",…}]}}}. */
        static Answer error(int status, String reason, String message) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode error = body.putObject("error").put("code", status).put("message", message);
            error.putArray("errors")
                    .addObject()
                    .put("message", message)
                    .put("domain", "global")
                    .put("reason", reason);
            // Google's canonical status for the HTTP code: https://cloud.google.com/apis/design/errors#handling_errors
            error.put(
                    "status",
                    switch (status) {
                        case 401 -> "UNAUTHENTICATED";
                        case 403 -> "PERMISSION_DENIED";
                        case 404 -> "NOT_FOUND";
                        case 409 -> "ALREADY_EXISTS";
                        case 429 -> "RESOURCE_EXHAUSTED";
                        case 500 -> "INTERNAL";
                        case 503 -> "UNAVAILABLE";
                        case 504 -> "DEADLINE_EXCEEDED";
                        default -> status > 500 ? "UNKNOWN" : "INVALID_ARGUMENT";
                    });
            return new Answer(status, body);
        }
    }

    /** An error injected for one request of an API method, before or after the fake acts on it. */
    private record Fault(String apiMethod, int status, String reason, boolean afterActing) {
        Answer answer() {
            return Answer.error(status, reason, "injected " + reason);
        }
    }

    private static final class ForcedFailure {
        final String pathPart;
        final int status;
        final String reason;
        int remaining;

        ForcedFailure(String pathPart, int status, String reason, int remaining) {
            this.pathPart = pathPart;
            this.status = status;
            this.reason = reason;
            this.remaining = remaining;
        }
    }
}
