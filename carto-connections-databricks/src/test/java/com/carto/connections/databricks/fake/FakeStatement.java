package com.carto.connections.databricks.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.tools.SimpleResultSet;
import org.jspecify.annotations.Nullable;

/** One statement of the fake: runs on its session's H2 connection, replies in the service's shapes. */
final class FakeStatement {
    // Databricks timestamps hold microseconds (docs.databricks.com/sql/language-manual/data-types/timestamp-type.html).
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    /** [DESCRIBE] {@code { DESC | DESCRIBE } QUERY input_statement}; the fake knows only the form with QUERY. */
    private static final Pattern DESCRIBE_QUERY =
            Pattern.compile("\\s*desc(?:ribe)?\\s+query\\s+(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final String id;
    private final CompletableFuture<ObjectNode> outcome;
    private final AtomicReference<PreparedStatement> running = new AtomicReference<>();
    private volatile @Nullable Thread runner;
    private volatile boolean cancelled;
    private final long postedAt = System.nanoTime();

    private final FakeResult.Shape shape;
    private final int chunkRows;
    private final FakeStorage storage;
    private volatile @Nullable FakeResult result;

    private FakeStatement(String id, FakeResult.Shape shape, int chunkRows, FakeStorage storage) {
        this.id = id;
        this.outcome = new CompletableFuture<>();
        this.shape = shape;
        this.chunkRows = chunkRows;
        this.storage = storage;
    }

    static FakeStatement submit(
            String id,
            StatementExecutionFake.FakeSession session,
            String sql,
            JsonNode parameters,
            long rowLimit,
            FakeResult.Shape shape,
            int chunkRows,
            FakeStorage storage,
            ExecutorService runners) {
        FakeStatement statement = new FakeStatement(id, shape, chunkRows, storage);
        runners.execute(() -> statement.run(session, sql, parameters, rowLimit));
        return statement;
    }

    String id() {
        return id;
    }

    /** Whether its SQL is running on the engine now. */
    boolean running() {
        return running.get() != null;
    }

    /** How long after it was posted it is now. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - postedAt);
    }

    /**
     * [RESULT] chunk {@code index} of its result: "after the statement execution has SUCCEEDED, this request can be used
     * to fetch any chunk by index" (docs.databricks.com/api/workspace/statementexecution/getstatementresultchunkn).
     */
    ObjectNode chunk(int index) {
        FakeResult succeeded = result;
        if (succeeded == null) {
            throw new IllegalArgumentException("statement " + id + " has no result: it has not SUCCEEDED");
        }
        return succeeded.chunk(index);
    }

    /** Whether it was cancelled (by a cancel call, a DELETE, or its session's end). */
    boolean cancelled() {
        return cancelled;
    }

    /**
     * [EXECUTE] the first reply of a statement posted with {@code wait_timeout=0s}: "the statement will execute in
     * asynchronous mode and the call will not wait for the execution to finish. In this case, the call returns directly
     * with PENDING state and a statement ID which can be used for polling".
     */
    ObjectNode pending() {
        ObjectNode pending = StatementExecutionFake.json().createObjectNode().put("statement_id", id);
        pending.putObject("status").put("state", "PENDING");
        return pending;
    }

    /** [EXECUTE] the reply after waiting up to {@code wait}: the result, or PENDING while it still runs. */
    ObjectNode reply(Duration wait) {
        try {
            return outcome.get(Math.max(wait.toMillis(), 1), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            ObjectNode pending =
                    StatementExecutionFake.json().createObjectNode().put("statement_id", id);
            pending.putObject("status").put("state", cancelled ? "CANCELED" : "PENDING");
            return pending;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** [CANCEL] the statement stops on the warehouse and its state becomes CANCELED. */
    void cancel() {
        cancelled = true;
        Thread thread = runner;
        if (thread != null) {
            // H2 reads the fake's range() row by row on this thread; the interrupt stops it at the next row.
            thread.interrupt();
        }
        PreparedStatement statement = running.get();
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // Already finished: nothing left to cancel.
            }
        }
        ObjectNode canceled = StatementExecutionFake.json().createObjectNode().put("statement_id", id);
        canceled.putObject("status").put("state", "CANCELED");
        outcome.complete(canceled);
    }

    private void run(StatementExecutionFake.FakeSession session, String sql, JsonNode parameters, long rowLimit) {
        synchronized (session) {
            if (cancelled) {
                return;
            }
            runner = Thread.currentThread();
            Matcher describe = DESCRIBE_QUERY.matcher(sql);
            if (describe.matches()) {
                try {
                    outcome.complete(describe(session, describe.group(1), parameters, rowLimit));
                } catch (SQLException e) {
                    outcome.complete(failed(e));
                } catch (RuntimeException e) {
                    // A defect of the fake must fail the statement, not leave the driver polling it.
                    outcome.complete(failed("INTERNAL_ERROR", "[INTERNAL_ERROR] " + e, "XX000"));
                } finally {
                    runner = null;
                    Thread.interrupted();
                }
                return;
            }
            try (PreparedStatement statement = session.connection().prepareStatement(SparkSqlTranslator.toH2(sql))) {
                running.set(statement);
                bind(statement, parameters);
                boolean hasRows = statement.execute();
                outcome.complete(hasRows ? rows(statement.getResultSet(), rowLimit) : noRows());
            } catch (SQLException e) {
                outcome.complete(failed(e));
            } catch (IllegalArgumentException e) {
                outcome.complete(
                        failed("INVALID_PARAMETER_VALUE", "[INVALID_PARAMETER_VALUE] " + e.getMessage(), "22023"));
            } catch (RuntimeException | LinkageError e) {
                // The fake's own failure (Arrow in a JVM that does not open java.nio to it): failed, not PENDING
                // forever.
                outcome.complete(failed("INTERNAL_ERROR", "[INTERNAL_ERROR] the fake failed: " + e, "XX000"));
            } finally {
                running.set(null);
                runner = null;
                // The runner thread is pooled: an interrupt meant for this statement must not reach the next one.
                Thread.interrupted();
            }
        }
    }

    /**
     * [DESCRIBE] {@code DESCRIBE QUERY}: the query's output columns as rows of {@code col_name}, {@code data_type}
     * (Databricks SQL's lower-case type text, e.g. {@code int}, {@code decimal(10,3)}, {@code timestamp_ntz},
     * {@code geometry(4326)}) and {@code comment}, without running it. A parameter marker in it needs a bound parameter
     * like in any statement ([EXECUTE] parameters: an unbound one is UNBOUND_SQL_PARAMETER,
     * docs.databricks.com/error-messages/error-classes.html); only a query can be described.
     */
    private ObjectNode describe(
            StatementExecutionFake.FakeSession session, String query, JsonNode parameters, long rowLimit)
            throws SQLException {
        try (PreparedStatement described = session.connection().prepareStatement(SparkSqlTranslator.toH2(query))) {
            int markers = described.getParameterMetaData().getParameterCount();
            if (markers > parameters.size()) {
                return failed(
                        "BAD_REQUEST",
                        "[UNBOUND_SQL_PARAMETER] Found the unbound parameter: _" + (parameters.size() + 1) + ".",
                        "42P02");
            }
            ResultSetMetaData metadata = described.getMetaData();
            if (metadata == null || metadata.getColumnCount() == 0) {
                return failed(
                        "BAD_REQUEST", "[PARSE_SYNTAX_ERROR] Syntax error: DESCRIBE QUERY needs a query", "42601");
            }
            SimpleResultSet rows = new SimpleResultSet();
            rows.addColumn("col_name", Types.VARCHAR, 0, 0);
            rows.addColumn("data_type", Types.VARCHAR, 0, 0);
            rows.addColumn("comment", Types.VARCHAR, 0, 0);
            for (int column = 1; column <= metadata.getColumnCount(); column++) {
                rows.addRow(metadata.getColumnLabel(column), dataType(metadata, column), null);
            }
            return rows(rows, rowLimit);
        }
    }

    /**
     * [DESCRIBE] a column's {@code data_type}. Deviation: H2 keeps no SRID in a query's GEOMETRY column, so a geometry
     * is {@code geometry(any)} here where the service says {@code geometry(4326)} of a constant SRID.
     */
    private static String dataType(ResultSetMetaData metadata, int column) throws SQLException {
        String type = typeName(metadata, column);
        return switch (type) {
            case "DECIMAL" -> "decimal(" + metadata.getPrecision(column) + "," + metadata.getScale(column) + ")";
            case "GEOMETRY" -> "geometry(any)";
            default -> metadata.getColumnType(column) == Types.NULL ? "void" : type.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * [EXECUTE] parameters: {@code {"ordinal":n,"type":"INT","value":"1"}} (or {@code name}), the value always a string
     * (or absent for NULL); a type the service does not know is refused.
     */
    private static void bind(PreparedStatement statement, JsonNode parameters) throws SQLException {
        for (JsonNode parameter : parameters) {
            if (!parameter.has("ordinal")) {
                throw new IllegalArgumentException("the fake binds ordinal parameters only, got " + parameter);
            }
            int index = parameter.get("ordinal").asInt();
            String type = parameter
                    .path("type")
                    .asText("STRING")
                    .toUpperCase(Locale.ROOT)
                    .replaceAll("\\(.*", "");
            JsonNode value = parameter.get("value");
            if (value == null || value.isNull()) {
                statement.setNull(index, Types.NULL);
                continue;
            }
            if (!value.isTextual()) {
                throw new IllegalArgumentException("a parameter value must be a string, got " + value);
            }
            String text = value.asText();
            switch (type) {
                case "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "LONG", "SHORT", "BYTE" ->
                    statement.setLong(index, Long.parseLong(text));
                case "DECIMAL" -> statement.setBigDecimal(index, new BigDecimal(text));
                case "DOUBLE", "FLOAT" -> statement.setDouble(index, Double.parseDouble(text));
                case "BOOLEAN" -> statement.setBoolean(index, Boolean.parseBoolean(text));
                case "STRING", "CHAR", "VARCHAR" -> statement.setString(index, text);
                case "DATE" -> statement.setObject(index, LocalDate.parse(text));
                case "TIMESTAMP", "TIMESTAMP_NTZ" ->
                    statement.setObject(index, LocalDateTime.parse(text.replace(' ', 'T')));
                default -> throw new IllegalArgumentException("unknown parameter type " + type);
            }
        }
    }

    /** [EXECUTE] the rows, cut at {@code row_limit}, served in the shape the statement asked for ({@link FakeResult}). */
    private ObjectNode rows(ResultSet resultSet, long rowLimit) throws SQLException {
        ResultSetMetaData metadata = resultSet.getMetaData();
        List<FakeResult.Column> columns = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
            String type = typeName(metadata, column);
            columns.add(new FakeResult.Column(
                    metadata.getColumnLabel(column),
                    type,
                    type.equals("DECIMAL") ? metadata.getPrecision(column) : 0,
                    type.equals("DECIMAL") ? metadata.getScale(column) : 0));
        }
        List<List<String>> data = new ArrayList<>();
        boolean truncated = false;
        while (resultSet.next()) {
            if (data.size() == rowLimit) {
                // [EXECUTE] row_limit: the result stops there and the manifest says it was truncated.
                truncated = true;
                break;
            }
            List<String> row = new ArrayList<>(metadata.getColumnCount());
            for (int column = 1; column <= metadata.getColumnCount(); column++) {
                row.add(value(resultSet, column, metadata.getColumnType(column)));
            }
            data.add(row);
        }
        FakeResult served = new FakeResult(id, columns, data, truncated, shape, chunkRows, storage);
        ObjectNode reply = StatementExecutionFake.json().createObjectNode().put("statement_id", id);
        reply.putObject("status").put("state", "SUCCEEDED");
        served.into(reply);
        result = served;
        return reply;
    }

    private ObjectNode noRows() {
        ObjectNode reply = StatementExecutionFake.json().createObjectNode().put("statement_id", id);
        reply.putObject("status").put("state", "SUCCEEDED");
        ObjectNode manifest = reply.putObject("manifest").put("format", "JSON_ARRAY");
        manifest.putObject("schema").put("column_count", 0);
        manifest.put("total_chunk_count", 0).put("total_row_count", 0).put("truncated", false);
        reply.putObject("result");
        return reply;
    }

    /** Databricks SQL's names for the H2 types a translated query returns. */
    private static String typeName(ResultSetMetaData metadata, int column) throws SQLException {
        if (metadata.getColumnTypeName(column).equalsIgnoreCase("GEOMETRY")) {
            return "GEOMETRY";
        }
        return switch (metadata.getColumnType(column)) {
            case Types.INTEGER -> "INT";
            case Types.BIGINT -> "BIGINT";
            case Types.SMALLINT -> "SMALLINT";
            case Types.TINYINT -> "TINYINT";
            case Types.DECIMAL, Types.NUMERIC -> "DECIMAL";
            case Types.DOUBLE -> "DOUBLE";
            case Types.REAL, Types.FLOAT -> "FLOAT";
            case Types.BOOLEAN -> "BOOLEAN";
            case Types.DATE -> "DATE";
            case Types.TIMESTAMP -> "TIMESTAMP_NTZ";
            case Types.TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "BINARY";
            default -> "STRING";
        };
    }

    /** Values as JSON_ARRAY carries them: every one a string, NULL as null. */
    private static String value(ResultSet resultSet, int column, int jdbcType) throws SQLException {
        return switch (jdbcType) {
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime instant = resultSet.getObject(column, OffsetDateTime.class);
                yield instant == null ? null : INSTANT.format(instant.withOffsetSameInstant(ZoneOffset.UTC));
            }
            case Types.TIMESTAMP -> {
                Timestamp local = resultSet.getTimestamp(column);
                yield local == null ? null : LOCAL.format(local.toLocalDateTime());
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] bytes = resultSet.getBytes(column);
                yield bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            }
            default -> resultSet.getString(column);
        };
    }

    /** [ERRORS] H2's failures as the service's error classes and SQLSTATEs. */
    private ObjectNode failed(SQLException exception) {
        String message = exception.getMessage() == null
                ? ""
                : exception.getMessage().lines().findFirst().orElse("");
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof FakeFunctions.ServiceError serviceError) {
                return failed("BAD_REQUEST", serviceError.getMessage(), serviceError.sqlState());
            }
        }
        return switch (exception.getErrorCode()) {
            // H2 finds no alias taking that many arguments: the service's analyzer says WRONG_NUM_ARGS
            // (docs.databricks.com/error-messages/wrong-num-args-error-class).
            case 90087 -> failed("BAD_REQUEST", "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] " + message, "42605");
            case 42000, 42001 -> failed("BAD_REQUEST", "[PARSE_SYNTAX_ERROR] Syntax error: " + message, "42601");
            case 42102, 42103, 42104 ->
                failed(
                        "BAD_REQUEST",
                        "[TABLE_OR_VIEW_NOT_FOUND] The table or view cannot be found. " + message,
                        "42P01");
            case 42122 -> failed("BAD_REQUEST", "[UNRESOLVED_COLUMN] " + message, "42703");
            case 90079 -> failed("BAD_REQUEST", "[SCHEMA_NOT_FOUND] " + message, "3F000");
            case 42101 -> failed("BAD_REQUEST", "[TABLE_OR_VIEW_ALREADY_EXISTS] " + message, "42P07");
            default -> failed("BAD_REQUEST", "[INTERNAL_ERROR] " + message, exception.getSQLState());
        };
    }

    private ObjectNode failed(String errorCode, String message, String sqlState) {
        ObjectNode reply = StatementExecutionFake.json().createObjectNode().put("statement_id", id);
        ObjectNode status = reply.putObject("status").put("state", cancelled ? "CANCELED" : "FAILED");
        status.putObject("error").put("error_code", errorCode).put("message", message + " SQLSTATE: " + sqlState);
        status.put("sql_state", sqlState);
        return reply;
    }
}
