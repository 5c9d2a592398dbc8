package com.carto.connections.bigquery;

import com.carto.connections.testing.BitwiseAndOperator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTWriter;

/**
 * The SQL side of the fake: an in-memory H2 database where each BigQuery dataset is a schema. GoogleSQL names in
 * backticks become H2 quoted names (the project part dropped), positional parameters are bound by their BigQuery
 * type, and H2's column types are reported as BigQuery's. A few GoogleSQL functions the tests use
 * ({@code ST_GEOGPOINT}, {@code ST_GEOGFROMTEXT}, {@code ST_INTERSECTSBOX} with geodesic edges,
 * {@code ST_BOUNDINGBOX}) and a cancellable {@code FAKE_SLEEP(seconds)} are defined as
 * Java aliases. Query results are kept in memory per job, as BigQuery keeps them in an anonymous table.
 */
final class FakeBigQueryEngine implements AutoCloseable {
    static final String ANONYMOUS_DATASET = "_fake_anonymous";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter PARAMETER_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .appendPattern("xxx")
            .toFormatter(Locale.ROOT);

    private final String project;
    private final String url;
    private final Connection keeper;
    private final ExecutorService runner = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-bigquery-job");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, FakeJob> jobs = new ConcurrentHashMap<>();
    // Where each dataset lives; one created straight on H2 (test set-up, a CREATE SCHEMA job) is in US, where
    // datasets.insert puts a dataset given no location.
    // https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets#Dataset.FIELDS.location
    private final Map<String, String> datasetLocations = new ConcurrentHashMap<>();
    // A dataset's defaultTableExpirationMs, applied to the tables created in it.
    // https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets#Dataset.FIELDS.default_table_expiration_ms
    private final Map<String, Long> datasetTableLifetimes = new ConcurrentHashMap<>();
    // "dataset.table" → expirationTime in epoch milliseconds; past it the table is deleted.
    // https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#Table.FIELDS.expiration_time
    private final Map<String, Long> tableExpirations = new ConcurrentHashMap<>();

    FakeBigQueryEngine(String project) {
        this.project = project;
        this.url = "jdbc:h2:mem:fakebq_" + UUID.randomUUID().toString().replace("-", "")
                + ";DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try {
            keeper = DriverManager.getConnection(url);
            try (Statement statement = keeper.createStatement()) {
                statement.execute(
                        "create alias st_geogpoint for \"" + FakeBigQueryFunctions.class.getName() + ".geogPoint\"");
                statement.execute("create alias st_geogfromtext for \"" + FakeBigQueryFunctions.class.getName()
                        + ".geogFromText\"");
                statement.execute("create alias st_intersectsbox for \"" + FakeBigQueryFunctions.class.getName()
                        + ".intersectsBox\"");
                statement.execute("create alias st_boundingbox for \"" + FakeBigQueryFunctions.class.getName()
                        + ".boundingBox\"");
                statement.execute(
                        "create alias fake_sleep for \"" + FakeBigQueryFunctions.class.getName() + ".sleep\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String project() {
        return project;
    }

    /** Runs SQL straight on H2, for test set-up. */
    void h2(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Starts a job on its own thread; a dry run only parses the SQL. */
    FakeJob start(String jobId, String location, JsonNode configuration, boolean dryRun) {
        FakeJob job = new FakeJob(jobId, location, configuration, dryRun);
        jobs.put(jobId, job);
        if (dryRun) {
            job.finishDryRun(this);
        } else {
            Future<?> future = runner.submit(() -> job.run(this));
            job.future(future);
        }
        return job;
    }

    FakeJob job(String jobId) {
        return jobs.get(jobId);
    }

    /** Every job inserted so far, dry runs included. */
    List<FakeJob> jobs() {
        return List.copyOf(jobs.values());
    }

    /** Registers a job that failed before it ran, e.g. on a location rule. */
    FakeJob failed(String jobId, String location, JsonNode configuration, FakeError error) {
        FakeJob job = new FakeJob(jobId, location, configuration, false);
        job.failBeforeRunning(error);
        jobs.put(jobId, job);
        return job;
    }

    /** Creates a dataset (an H2 schema) in {@code location}. */
    void createDataset(String dataset, String location) {
        h2("create schema \"" + dataset.replace("\"", "\"\"") + "\"");
        datasetLocations.put(dataset, location);
    }

    /** The dataset's location: US unless it was created elsewhere. */
    String datasetLocation(String dataset) {
        return datasetLocations.getOrDefault(dataset, "US");
    }

    void datasetTableLifetime(String dataset, long millis) {
        datasetTableLifetimes.put(dataset, millis);
    }

    Long datasetTableLifetime(String dataset) {
        return datasetTableLifetimes.get(dataset);
    }

    /** A new table takes its dataset's default lifetime, if it has one. */
    void tableCreated(String dataset, String table) {
        Long lifetime = datasetTableLifetimes.get(dataset);
        if (lifetime != null) {
            tableExpirations.put(dataset + "." + table, System.currentTimeMillis() + lifetime);
        }
    }

    void tableExpiration(String dataset, String table, long epochMillis) {
        tableExpirations.put(dataset + "." + table, epochMillis);
    }

    Long tableExpiration(String dataset, String table) {
        return tableExpirations.get(dataset + "." + table);
    }

    /** Drops the tables whose expiration time has passed, as BigQuery deletes them. */
    void dropExpiredTables() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Long> expiration : tableExpirations.entrySet()) {
            if (expiration.getValue() <= now && tableExpirations.remove(expiration.getKey()) != null) {
                int dot = expiration.getKey().indexOf('.');
                h2("drop table if exists \""
                        + expiration.getKey().substring(0, dot).replace("\"", "\"\"") + "\".\""
                        + expiration.getKey().substring(dot + 1).replace("\"", "\"\"") + "\"");
            }
        }
    }

    void tableDropped(String dataset, String table) {
        tableExpirations.remove(dataset + "." + table);
    }

    boolean datasetExists(String dataset) {
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement(
                        "select count(*) from information_schema.schemata where schema_name = ?")) {
            select.setString(1, dataset);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The bytes an on-demand query bills: each table it references counts its bytes, at least 10 MB, rounded up to
     * the next MB (https://cloud.google.com/bigquery/pricing#on_demand_pricing); a query that references no table
     * bills nothing. A table's bytes are the fake's estimate: 8 bytes per cell.
     */
    long bytesBilled(List<List<String>> tables) {
        long megabyte = 1L << 20;
        long billed = 0;
        for (List<String> table : tables) {
            Long cells = cells(table.get(0), table.get(1));
            if (cells != null) {
                long bytes = Math.max(10 * megabyte, cells * 8);
                billed += (bytes + megabyte - 1) / megabyte * megabyte;
            }
        }
        return billed;
    }

    /** Rows × columns of a table, or null when there is no such table. */
    private Long cells(String dataset, String table) {
        String name = "\"" + dataset.replace("\"", "\"\"") + "\".\"" + table.replace("\"", "\"\"") + "\"";
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement("select * from " + name);
                ResultSet rows = select.executeQuery()) {
            long count = 0;
            while (rows.next()) {
                count++;
            }
            return count * rows.getMetaData().getColumnCount();
        } catch (SQLException e) {
            return null;
        }
    }

    FakeJob resultTable(String dataset, String table) {
        if (!ANONYMOUS_DATASET.equals(dataset)) {
            return null;
        }
        return jobs.get(table);
    }

    /**
     * GoogleSQL as H2 runs it, the references to named parameters in order, how many positional marks, and the
     * tables it names in backticks ({@code [dataset, table]}, the project dropped).
     */
    record Rewritten(String sql, List<String> parameterNames, int positionalMarks, List<List<String>> tables) {}

    String rewrite(String sql) throws SQLException {
        return rewriteQuery(sql).sql();
    }

    /**
     * GoogleSQL to H2, read by GoogleSQL's lexical rules (cloud.google.com/bigquery/docs/reference/standard-sql/lexical)
     * so that the fake fails where BigQuery would and not elsewhere: {@code '…'}, {@code "…"} and triple-quoted
     * strings with backslash escapes, raw ({@code r}) and bytes ({@code b}) prefixes, a newline only inside triple
     * quotes, {@code #}, {@code --} and block comments that do not nest, named parameters {@code @name} (not
     * {@code @@system_variables}) and positional {@code ?}. Strings are re-quoted for H2; comments dropped;
     * {@code `p.d.t`} or {@code `p`.`d`.`t`} become {@code "d"."t"} when {@code p} is the fake's project; the bitwise
     * AND {@code name & integer} becomes H2's {@code BITAND} ({@link BitwiseAndOperator}); a call
     * {@code ST_BOUNDINGBOX(…)} is typed as the STRUCT it returns ({@link #typedBoundingBoxes}).
     */
    Rewritten rewriteQuery(String sql) throws SQLException {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> parameterNames = new ArrayList<>();
        List<List<String>> tables = new ArrayList<>();
        int positionalMarks = 0;
        int index = 0;
        while (index < sql.length()) {
            char current = sql.charAt(index);
            if (current == '\'' || current == '"') {
                index = readString(sql, index, out);
            } else if (current == '#' || sql.startsWith("--", index)) {
                int newline = sql.indexOf('\n', index);
                index = newline < 0 ? sql.length() : newline;
                out.append(' ');
            } else if (sql.startsWith("/*", index)) {
                int close = sql.indexOf("*/", index + 2);
                if (close < 0) {
                    throw new SQLException("Syntax error: Unclosed comment", "42000", 42000);
                }
                index = close + 2;
                out.append(' ');
            } else if (sql.startsWith("@@", index)) {
                out.append("@@");
                index += 2;
            } else if (current == '@'
                    && index + 1 < sql.length()
                    && Character.isJavaIdentifierStart(sql.charAt(index + 1))) {
                int end = index + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                parameterNames.add(sql.substring(index + 1, end));
                out.append('?');
                index = end;
            } else if (current == '&' && sql.startsWith("&&", index)) {
                out.append("&&");
                index += 2;
            } else if (current == '&') {
                // GoogleSQL's bitwise AND on INT64 (operators#bitwise_operators); H2 spells it BITAND.
                index = BitwiseAndOperator.rewrite(sql, index, out);
            } else if (current == '?') {
                positionalMarks++;
                out.append('?');
                index++;
            } else if (current == '`') {
                List<String> parts = new ArrayList<>();
                index = readQuotedName(sql, index, parts);
                while (index + 1 < sql.length() && sql.charAt(index) == '.' && sql.charAt(index + 1) == '`') {
                    index = readQuotedName(sql, index + 1, parts);
                }
                if (parts.size() == 3 && parts.get(0).equals(project)) {
                    parts.remove(0);
                }
                if (parts.size() == 2) {
                    tables.add(List.copyOf(parts));
                }
                for (int part = 0; part < parts.size(); part++) {
                    out.append(part == 0 ? "" : ".")
                            .append('"')
                            .append(parts.get(part).replace("\"", "\"\""))
                            .append('"');
                }
            } else {
                out.append(current);
                index++;
            }
        }
        return new Rewritten(typedBoundingBoxes(out.toString()), parameterNames, positionalMarks, tables);
    }

    /** H2's type of the STRUCT that {@code ST_BOUNDINGBOX} returns, with GoogleSQL's field names. */
    private static final String BOUNDING_BOX_ROW =
            "ROW(xmin DOUBLE PRECISION, ymin DOUBLE PRECISION, xmax DOUBLE PRECISION, ymax DOUBLE PRECISION)";

    /**
     * Every call {@code ST_BOUNDINGBOX(…)} in the H2 text cast to {@link #BOUNDING_BOX_ROW}: an H2 alias returns an
     * untyped Java object, on which H2 refuses a field access such as {@code (box).xmin} until the call is typed. Only
     * the call is wrapped; GoogleSQL's own field access is what H2 reads. Strings and quoted names are skipped.
     */
    private static String typedBoundingBoxes(String h2Sql) {
        String function = "st_boundingbox";
        StringBuilder out = new StringBuilder(h2Sql.length());
        Deque<Integer> openCalls = new ArrayDeque<>();
        int depth = 0;
        int index = 0;
        while (index < h2Sql.length()) {
            char current = h2Sql.charAt(index);
            if (current == '\'' || current == '"') {
                int close = h2Sql.indexOf(current, index + 1);
                int end = close < 0 ? h2Sql.length() : close + 1;
                out.append(h2Sql, index, end);
                index = end;
                continue;
            }
            boolean startsName = index == 0
                    || (!Character.isJavaIdentifierPart(h2Sql.charAt(index - 1)) && h2Sql.charAt(index - 1) != '.');
            int afterName = index + function.length();
            if (startsName
                    && h2Sql.regionMatches(true, index, function, 0, function.length())
                    && (afterName == h2Sql.length() || !Character.isJavaIdentifierPart(h2Sql.charAt(afterName)))) {
                int open = afterName;
                while (open < h2Sql.length() && Character.isWhitespace(h2Sql.charAt(open))) {
                    open++;
                }
                if (open < h2Sql.length() && h2Sql.charAt(open) == '(') {
                    out.append("CAST(").append(h2Sql, index, open + 1);
                    depth++;
                    openCalls.push(depth);
                    index = open + 1;
                    continue;
                }
            }
            out.append(current);
            if (current == '(') {
                depth++;
            } else if (current == ')') {
                if (!openCalls.isEmpty() && openCalls.peek() == depth) {
                    openCalls.pop();
                    out.append(" AS ").append(BOUNDING_BOX_ROW).append(')');
                }
                depth--;
            }
            index++;
        }
        return out.toString();
    }

    /** Reads one GoogleSQL string literal starting at its quote and writes it as an H2 literal; returns its end. */
    private static int readString(String sql, int start, StringBuilder out) throws SQLException {
        int prefixStart = out.length();
        while (prefixStart > 0 && "rRbB".indexOf(out.charAt(prefixStart - 1)) >= 0 && out.length() - prefixStart < 2) {
            prefixStart--;
        }
        boolean prefixed = prefixStart == 0 || !Character.isJavaIdentifierPart(out.charAt(prefixStart - 1));
        String prefix = prefixed ? out.substring(prefixStart) : "";
        boolean raw = prefix.indexOf('r') >= 0 || prefix.indexOf('R') >= 0;
        out.setLength(out.length() - prefix.length());
        char quote = sql.charAt(start);
        String delimiter = sql.startsWith(String.valueOf(quote).repeat(3), start)
                ? String.valueOf(quote).repeat(3)
                : String.valueOf(quote);
        StringBuilder value = new StringBuilder();
        int index = start + delimiter.length();
        while (!sql.startsWith(delimiter, index)) {
            if (index >= sql.length() || (delimiter.length() == 1 && sql.charAt(index) == '\n')) {
                throw new SQLException("Syntax error: Unclosed string literal", "42000", 42000);
            }
            char current = sql.charAt(index);
            if (current != '\\') {
                value.append(current);
                index++;
            } else if (index + 1 >= sql.length()) {
                throw new SQLException("Syntax error: Unclosed string literal", "42000", 42000);
            } else if (raw) {
                value.append(current).append(sql.charAt(index + 1));
                index += 2;
            } else {
                index = unescape(sql, index + 1, value);
            }
        }
        out.append('\'').append(value.toString().replace("'", "''")).append('\'');
        return index + delimiter.length();
    }

    /** One escape sequence of the lexical reference, from the character after its backslash; returns its end. */
    private static int unescape(String sql, int index, StringBuilder value) throws SQLException {
        char escaped = sql.charAt(index);
        int hexDigits = switch (escaped) {
            case 'x', 'X' -> 2;
            case 'u' -> 4;
            case 'U' -> 8;
            default -> 0;
        };
        if (hexDigits > 0 && index + hexDigits < sql.length()) {
            value.appendCodePoint(Integer.parseInt(sql.substring(index + 1, index + 1 + hexDigits), 16));
            return index + 1 + hexDigits;
        }
        String plain = "abfnrtv\\?\"'`";
        String meaning = "\u0007\b\f\n\r\t\u000B\\?\"'`";
        int position = plain.indexOf(escaped);
        if (position < 0) {
            throw new SQLException("Syntax error: Illegal escape sequence: \\" + escaped, "42000", 42000);
        }
        value.append(meaning.charAt(position));
        return index + 1;
    }

    private static int readQuotedName(String sql, int start, List<String> parts) {
        StringBuilder name = new StringBuilder();
        int index = start + 1;
        while (index < sql.length() && sql.charAt(index) != '`') {
            if (sql.charAt(index) == '\\' && index + 1 < sql.length()) {
                index++;
            }
            name.append(sql.charAt(index));
            index++;
        }
        // An unescaped dot inside one pair of backticks separates parts, as in `project.dataset.table`.
        String text = name.toString();
        if (text.contains(".") && !sql.substring(start, index).contains("\\.")) {
            parts.addAll(List.of(text.split("\\.")));
        } else {
            parts.add(text);
        }
        return index + 1;
    }

    /** Binds positional parameters in order, or named ones in the order their names appear in the SQL. */
    void bind(PreparedStatement statement, JsonNode parameters, List<String> names) throws SQLException {
        List<JsonNode> ordered = new ArrayList<>();
        if (names.isEmpty()) {
            parameters.forEach(ordered::add);
        }
        for (String name : names) {
            JsonNode found = null;
            for (JsonNode parameter : parameters) {
                if (name.equals(parameter.path("name").asText())) {
                    found = parameter;
                }
            }
            if (found == null) {
                throw new SQLException("Query parameter '" + name + "' not found", "42000", 42000);
            }
            ordered.add(found);
        }
        for (int index = 0; index < ordered.size(); index++) {
            JsonNode parameter = ordered.get(index);
            String type = parameter.path("parameterType").path("type").asText();
            JsonNode value = parameter.path("parameterValue").path("value");
            if (value.isMissingNode() || value.isNull()) {
                statement.setObject(index + 1, null);
                continue;
            }
            String text = value.asText();
            Object bound = switch (type) {
                case "INT64" -> Long.parseLong(text);
                case "FLOAT64" -> Double.parseDouble(text);
                case "NUMERIC", "BIGNUMERIC" -> new BigDecimal(text);
                case "BOOL" -> Boolean.parseBoolean(text);
                case "BYTES" -> Base64.getDecoder().decode(text);
                case "DATE" -> LocalDate.parse(text);
                case "TIME" -> LocalTime.parse(text);
                case "DATETIME" -> LocalDateTime.parse(text.replace(' ', 'T'));
                case "TIMESTAMP" -> OffsetDateTime.parse(text, PARAMETER_TIMESTAMP);
                case "GEOGRAPHY" -> {
                    try {
                        yield FakeBigQueryFunctions.geogFromText(text);
                    } catch (ParseException e) {
                        throw new SQLException("bad GEOGRAPHY parameter", "22000", e);
                    }
                }
                default -> text;
            };
            statement.setObject(index + 1, bound);
        }
    }

    /** The BigQuery schema of a result or table, from H2's metadata. */
    static ArrayNode schema(ResultSetMetaData metadata) throws SQLException {
        ArrayNode fields = NODES.arrayNode();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
            String typeName = metadata.getColumnTypeName(column).toUpperCase(Locale.ROOT);
            ObjectNode field;
            if (metadata.getColumnType(column) == Types.ARRAY) {
                field = field(metadata.getColumnLabel(column), typeName.replaceAll(" ARRAY$", ""));
                field.put("mode", "REPEATED");
            } else if (typeName.startsWith("ROW(")) {
                field = field(metadata.getColumnLabel(column), typeName);
            } else {
                field = NODES.objectNode()
                        .put("name", metadata.getColumnLabel(column))
                        .put(
                                "type",
                                bigQueryType(
                                        metadata.getColumnType(column),
                                        typeName,
                                        metadata.getPrecision(column),
                                        metadata.getScale(column)));
            }
            if (!field.has("mode")) {
                field.put(
                        "mode",
                        metadata.isNullable(column) == ResultSetMetaData.columnNoNulls ? "REQUIRED" : "NULLABLE");
            }
            fields.add(field);
        }
        return fields;
    }

    /** A field from an H2 type name alone, as array elements and row fields only have that. */
    private static ObjectNode field(String name, String typeName) {
        ObjectNode field = NODES.objectNode().put("name", name);
        if (!typeName.startsWith("ROW(")) {
            return field.put("type", typeFromName(typeName));
        }
        field.put("type", "RECORD");
        ArrayNode subFields = field.putArray("fields");
        for (String part : topLevelParts(typeName.substring(4, typeName.length() - 1))) {
            int nameEnd = part.indexOf('"', 1);
            while (nameEnd + 1 < part.length() && part.charAt(nameEnd + 1) == '"') {
                nameEnd = part.indexOf('"', nameEnd + 2);
            }
            ObjectNode subField = field(
                    part.substring(1, nameEnd).replace("\"\"", "\"").toLowerCase(Locale.ROOT),
                    part.substring(nameEnd + 1).strip());
            subFields.add(subField.put("mode", "NULLABLE"));
        }
        return field;
    }

    private static List<String> topLevelParts(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int index = 0; index < list.length(); index++) {
            char current = list.charAt(index);
            if (current == '"') {
                quoted = !quoted;
            } else if (!quoted && current == '(') {
                depth++;
            } else if (!quoted && current == ')') {
                depth--;
            } else if (!quoted && depth == 0 && current == ',') {
                parts.add(list.substring(start, index).strip());
                start = index + 1;
            }
        }
        parts.add(list.substring(start).strip());
        return parts;
    }

    private static String typeFromName(String typeName) {
        if (typeName.matches("(BIGINT|INTEGER|SMALLINT|TINYINT).*")) {
            return "INTEGER";
        }
        if (typeName.matches("(NUMERIC|DECIMAL).*")) {
            return "NUMERIC";
        }
        if (typeName.matches("(DOUBLE PRECISION|REAL|FLOAT).*")) {
            return "FLOAT";
        }
        if (typeName.startsWith("TIMESTAMP")) {
            return typeName.contains("TIME ZONE") ? "TIMESTAMP" : "DATETIME";
        }
        if (typeName.matches("(BINARY|VARBINARY|BLOB).*")) {
            return "BYTES";
        }
        return switch (typeName) {
            case "BOOLEAN" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "TIME" -> "TIME";
            case "GEOMETRY" -> "GEOGRAPHY";
            case "JSON" -> "JSON";
            default -> "STRING";
        };
    }

    static String bigQueryType(int jdbcType, String typeName, int precision, int scale) {
        return switch (jdbcType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> "INTEGER";
            case Types.NUMERIC, Types.DECIMAL -> precision > 38 || scale > 9 ? "BIGNUMERIC" : "NUMERIC";
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> "FLOAT";
            case Types.BOOLEAN, Types.BIT -> "BOOLEAN";
            case Types.DATE -> "DATE";
            case Types.TIME -> "TIME";
            case Types.TIMESTAMP -> "DATETIME";
            case Types.TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "BYTES";
            default -> typeFromName(typeName);
        };
    }

    /** One cell as BigQuery writes it: every scalar a string, arrays as lists of cells, records as {@code f} lists. */
    static ObjectNode cell(JsonNode field, Object value) {
        ObjectNode cell = NODES.objectNode();
        if (value == null) {
            cell.putNull("v");
        } else if ("REPEATED".equals(field.path("mode").asText())) {
            ObjectNode element = ((ObjectNode) field.deepCopy()).put("mode", "NULLABLE");
            ArrayNode elements = cell.putArray("v");
            for (Object item : (Object[]) value) {
                elements.add(cell(element, item));
            }
        } else if ("RECORD".equals(field.path("type").asText())) {
            ArrayNode cells = cell.putObject("v").putArray("f");
            Object[] values = (Object[]) value;
            for (int index = 0; index < values.length; index++) {
                cells.add(cell(field.path("fields").get(index), values[index]));
            }
        } else {
            cell.put("v", text(field.path("type").asText(), value));
        }
        return cell;
    }

    private static String text(String type, Object value) {
        return switch (type) {
            case "NUMERIC", "BIGNUMERIC" -> ((BigDecimal) value).toPlainString();
            case "BYTES" -> Base64.getEncoder().encodeToString((byte[]) value);
            case "TIMESTAMP" -> {
                OffsetDateTime instant = (OffsetDateTime) value;
                // Seconds since the epoch with six decimals, as the real service writes them.
                yield BigDecimal.valueOf(instant.toEpochSecond())
                        .add(BigDecimal.valueOf(instant.getNano(), 9))
                        .setScale(6, RoundingMode.DOWN)
                        .toPlainString();
            }
            case "DATETIME" -> value instanceof LocalDateTime dateTime ? dateTime.toString() : value.toString();
            case "GEOGRAPHY" -> new WKTWriter().write((Geometry) value);
            case "JSON" ->
                value instanceof byte[] bytes
                        ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                        : value.toString();
            default -> value.toString();
        };
    }

    /** Reads a value in the Java class that {@link #cell} expects for its BigQuery type. */
    static Object read(ResultSet rows, int column, JsonNode field) throws SQLException {
        if ("REPEATED".equals(field.path("mode").asText())) {
            java.sql.Array array = rows.getArray(column);
            return array == null ? null : (Object[]) array.getArray();
        }
        Object value = switch (field.path("type").asText()) {
            case "TIMESTAMP" -> rows.getObject(column, OffsetDateTime.class);
            case "DATETIME" -> rows.getObject(column, LocalDateTime.class);
            case "DATE" -> rows.getObject(column, LocalDate.class);
            case "TIME" -> rows.getObject(column, LocalTime.class);
            case "NUMERIC", "BIGNUMERIC" -> rows.getBigDecimal(column);
            case "BYTES" -> rows.getBytes(column);
            case "JSON" -> rows.getString(column);
            case "RECORD" -> record(rows.getObject(column), field.path("fields"));
            default -> rows.getObject(column);
        };
        return rows.wasNull() ? null : value;
    }

    /** H2 hands a ROW value over as a one-row result set. */
    private static Object[] record(Object row, JsonNode fields) throws SQLException {
        if (!(row instanceof ResultSet values) || !values.next()) {
            return null;
        }
        Object[] read = new Object[fields.size()];
        for (int index = 0; index < read.length; index++) {
            read[index] = read(values, index + 1, fields.get(index));
        }
        return read;
    }

    /** Maps an H2 failure to BigQuery's error: HTTP status, reason, message. */
    static FakeError error(SQLException failure) {
        SQLException e = failure;
        // H2 wraps what a function alias throws (90105); the function wrote the service's own error.
        if (e.getErrorCode() == 90105 && e.getCause() instanceof SQLException thrown) {
            e = thrown;
        }
        int code = e.getErrorCode();
        String message = e.getMessage().replaceAll("; SQL statement:[\\s\\S]*$", "");
        if (code == 42102 || code == 42103 || code == 42104 || code == 90079) {
            return new FakeError(404, "notFound", "Not found: " + message);
        }
        if (code == 57014) {
            return new FakeError(400, "stopped", "Job execution was cancelled: User requested cancellation");
        }
        if (code == 42101 || code == 90078) {
            return new FakeError(409, "duplicate", "Already Exists: " + message);
        }
        return new FakeError(400, "invalidQuery", message);
    }

    @Override
    public void close() {
        runner.shutdownNow();
        try (Statement statement = keeper.createStatement()) {
            statement.execute("shutdown");
        } catch (SQLException ignored) {
            // Shutting down an in-memory database only fails when it is already gone.
        }
        try {
            keeper.close();
        } catch (SQLException ignored) {
            // The database is gone either way.
        }
    }

    /** A BigQuery error: what the fake answers with, in an HTTP error or a job's errorResult. */
    record FakeError(int status, String reason, String message) {}
}
