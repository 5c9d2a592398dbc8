package com.carto.connections.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** One query job of the fake: its SQL runs on H2 in its own thread; a SELECT's rows are kept in memory. */
final class FakeJob {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    final String id;
    final String location;
    final JsonNode configuration;
    final JsonNode query;
    final boolean dryRun;
    final long creationTime = System.currentTimeMillis();
    // The order jobs were inserted in, across all fakes.
    final long sequence = SEQUENCE.incrementAndGet();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Future<?> future;
    private volatile Statement statement;
    private volatile boolean cancelled;
    private volatile FakeBigQueryEngine.FakeError error;
    private volatile ArrayNode schema;
    private volatile List<Object[]> rows = List.of();
    private volatile long affectedRows = -1;
    private volatile String statementType = "SELECT";
    private volatile long bytesBilled;
    private volatile boolean ran;

    FakeJob(String id, String location, JsonNode configuration, boolean dryRun) {
        this.id = id;
        this.location = location;
        this.configuration = configuration;
        this.query = configuration.path("query");
        this.dryRun = dryRun;
    }

    void failBeforeRunning(FakeBigQueryEngine.FakeError failure) {
        error = failure;
        done.countDown();
    }

    /** Whether its SQL ran on H2 (a dry run or a job refused before running never does). */
    boolean ran() {
        return ran;
    }

    void future(Future<?> future) {
        this.future = future;
    }

    void finishDryRun(FakeBigQueryEngine engine) {
        try (Connection connection = engine.connect();
                PreparedStatement prepared = connection.prepareStatement(
                        engine.rewrite(query.path("query").asText()))) {
            // Preparing is H2's parse and name resolution: what a dry run validates.
            prepared.getParameterMetaData();
        } catch (SQLException e) {
            error = FakeBigQueryEngine.error(e);
        }
        done.countDown();
    }

    /**
     * The reference's {@code parameterMode}: POSITIONAL binds {@code ?} marks, NAMED binds {@code @name} references,
     * and one query cannot hold both kinds.
     */
    private void requireOneParameterMode(FakeBigQueryEngine.Rewritten rewritten) throws SQLException {
        String mode = query.path("parameterMode").asText("");
        boolean named = !rewritten.parameterNames().isEmpty();
        boolean positional = rewritten.positionalMarks() > 0;
        if (named && positional) {
            throw new SQLException("Query cannot have both named and positional parameters", "42000", 42000);
        }
        if (named && mode.equals("POSITIONAL")) {
            throw new SQLException("Named parameters are not allowed in positional parameter mode", "42000", 42000);
        }
        if (positional && mode.equals("NAMED")) {
            throw new SQLException("Positional parameters are not allowed in named parameter mode", "42000", 42000);
        }
    }

    void run(FakeBigQueryEngine engine) {
        JsonNode destination = query.path("destinationTable");
        try (Connection connection = engine.connect()) {
            FakeBigQueryEngine.Rewritten rewritten =
                    engine.rewriteQuery(query.path("query").asText());
            requireOneParameterMode(rewritten);
            bytesBilled = engine.bytesBilled(rewritten.tables());
            // A query whose bytes billed would pass maximumBytesBilled fails before it runs, without charge.
            // https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobConfigurationQuery.FIELDS.maximum_bytes_billed
            // and the reason bytesBilledLimitExceeded (400): https://cloud.google.com/bigquery/docs/error-messages
            JsonNode limit = query.path("maximumBytesBilled");
            if (!limit.isMissingNode() && bytesBilled > Long.parseLong(limit.asText())) {
                long billed = bytesBilled;
                bytesBilled = 0;
                error = new FakeBigQueryEngine.FakeError(
                        400,
                        "bytesBilledLimitExceeded",
                        "Query exceeded limit for bytes billed: " + limit.asText() + ". " + billed
                                + " or higher required.");
                return;
            }
            List<String> parameterNames = rewritten.parameterNames();
            String sql = rewritten.sql();
            if (!destination.isMissingNode()) {
                sql = "create table \"" + destination.path("datasetId").asText().replace("\"", "\"\"") + "\".\""
                        + destination.path("tableId").asText().replace("\"", "\"\"") + "\" as " + sql;
                statementType = "CREATE_TABLE_AS_SELECT";
            }
            try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                statement = prepared;
                if (cancelled) {
                    throw new SQLException("cancelled", "57014", 57014);
                }
                engine.bind(prepared, query.path("queryParameters"), parameterNames);
                ran = true;
                if (prepared.execute()) {
                    try (ResultSet results = prepared.getResultSet()) {
                        ArrayNode fields = FakeBigQueryEngine.schema(results.getMetaData());
                        List<Object[]> read = new ArrayList<>();
                        while (results.next()) {
                            Object[] row = new Object[fields.size()];
                            for (int column = 0; column < row.length; column++) {
                                JsonNode field = fields.get(column);
                                row[column] = FakeBigQueryEngine.read(results, column + 1, field);
                            }
                            read.add(row);
                        }
                        rows = read;
                        schema = fields;
                    }
                } else {
                    affectedRows = prepared.getUpdateCount();
                    if (destination.isMissingNode()) {
                        statementType = sql.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
                    } else {
                        engine.tableCreated(
                                destination.path("datasetId").asText(),
                                destination.path("tableId").asText());
                    }
                }
            }
        } catch (SQLException e) {
            error = cancelled
                    ? FakeBigQueryEngine.error(new SQLException("cancelled", "57014", 57014))
                    : FakeBigQueryEngine.error(e);
        } catch (RuntimeException e) {
            error = new FakeBigQueryEngine.FakeError(500, "internalError", "fake failure: " + e);
        } finally {
            statement = null;
            done.countDown();
        }
    }

    boolean await(long millis) {
        try {
            return done.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    boolean wasCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
        Statement running = statement;
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException ignored) {
                // The statement finished meanwhile.
            }
        }
        Future<?> task = future;
        if (task != null) {
            task.cancel(true);
        }
    }

    FakeBigQueryEngine.FakeError error() {
        return error;
    }

    ArrayNode schema() {
        return schema;
    }

    List<Object[]> rows() {
        return rows;
    }

    /** The job resource of {@code jobs.insert}, {@code jobs.get} and {@code jobs.cancel}. */
    ObjectNode resource(String project) {
        ObjectNode job = NODES.objectNode();
        job.put("kind", "bigquery#job");
        job.put("id", project + ":" + location + "." + id);
        ObjectNode reference = job.putObject("jobReference");
        reference.put("projectId", project).put("jobId", id).put("location", location);
        ObjectNode configuration = job.putObject("configuration");
        configuration.put("jobType", "QUERY");
        if (dryRun) {
            configuration.put("dryRun", true);
        }
        if (this.configuration.has("labels")) {
            configuration.set("labels", this.configuration.get("labels").deepCopy());
        }
        ObjectNode queryConfiguration = configuration.putObject("query");
        if (query.has("maximumBytesBilled")) {
            queryConfiguration.put(
                    "maximumBytesBilled", query.get("maximumBytesBilled").asText());
        }
        queryConfiguration.put("query", query.path("query").asText());
        queryConfiguration.put("useLegacySql", false);
        ObjectNode destination = queryConfiguration.putObject("destinationTable");
        if (query.has("destinationTable")) {
            destination.setAll((ObjectNode) query.get("destinationTable"));
        } else {
            destination
                    .put("projectId", project)
                    .put("datasetId", FakeBigQueryEngine.ANONYMOUS_DATASET)
                    .put("tableId", id);
        }
        ObjectNode status = job.putObject("status");
        status.put("state", isDone() ? "DONE" : "RUNNING");
        if (isDone() && error != null) {
            ObjectNode errorResult = status.putObject("errorResult");
            errorResult
                    .put("reason", error.reason())
                    .put("message", error.message())
                    .put("location", "query");
            status.putArray("errors").add(errorResult.deepCopy());
        }
        ObjectNode statistics = job.putObject("statistics");
        statistics.put("creationTime", Long.toString(creationTime));
        ObjectNode queryStatistics = statistics.putObject("query");
        queryStatistics.put("totalBytesProcessed", Long.toString(bytesBilled));
        queryStatistics.put("totalBytesBilled", Long.toString(bytesBilled));
        if (isDone() && error == null) {
            queryStatistics.put("statementType", statementType);
            if (affectedRows >= 0 && !statementType.startsWith("CREATE")) {
                queryStatistics.put("numDmlAffectedRows", Long.toString(affectedRows));
            }
        }
        return job;
    }
}
