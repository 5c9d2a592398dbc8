package com.carto.connections.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTWriter;

/**
 * Runs one query-request of a session on H2 and writes the service's answer: rowtype and rows in Snowflake's JSON
 * encoding (notes B.3), statement type ids and update counts (notes B.2 "Fuller success answer"), and errors with both
 * {@code code} and {@code sqlState} (notes B.6-3: without them the driver writes {@code output.json}).
 */
final class FakeSnowflakeEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALTER_SESSION = Pattern.compile(
            "\\s*alter\\s+session\\s+(?:/\\*.*?\\*/\\s*)?set\\s+(\\w+)\\s*=\\s*'?([^']*?)'?\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** A query's answer: the JSON body, and the rows left for chunks after the first page. */
    record Answer(ObjectNode body, List<List<String>> chunkRows) {}

    /** A failure in the service's shape. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;
        final String sqlState;

        Failure(String code, String sqlState, String message) {
            super(message);
            this.code = code;
            this.sqlState = sqlState;
        }
    }

    private FakeSnowflakeEngine() {}

    static Answer run(FakeSnowflake.Session session, JsonNode request, String queryId, int firstPageRows)
            throws Failure {
        String sqlText = request.path("sqlText").asText();
        Matcher alter = ALTER_SESSION.matcher(sqlText);
        if (alter.matches()) {
            String name = alter.group(1).toUpperCase(Locale.ROOT);
            session.parameters.put(name, alter.group(2));
            if (name.equals("AUTOCOMMIT")) {
                try {
                    session.h2.setAutoCommit(Boolean.parseBoolean(alter.group(2)));
                } catch (SQLException e) {
                    throw failure(e);
                }
            }
            return new Answer(status(session, queryId, "Statement executed successfully."), List.of());
        }
        String trimmed = sqlText.strip().toLowerCase(Locale.ROOT);
        try {
            if (trimmed.equals("commit") || trimmed.equals("rollback")) {
                if (!session.h2.getAutoCommit()) {
                    if (trimmed.equals("commit")) {
                        session.h2.commit();
                    } else {
                        session.h2.rollback();
                    }
                }
                return new Answer(status(session, queryId, "Statement executed successfully."), List.of());
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        boolean describeOnly = request.path("describeOnly").asBoolean(false);
        List<Bind> binds = describeOnly ? List.of() : binds(request.path("bindings"));
        FakeSnowflakeSql.H2Sql h2Sql;
        try {
            h2Sql = FakeSnowflakeSql.toH2(
                    sqlText, binds.stream().map(Bind::h2Type).toList());
        } catch (IllegalArgumentException e) {
            throw new Failure("001003", "42000", "SQL compilation error:\nsyntax error: " + e.getMessage());
        }
        if (!describeOnly && binds.size() != h2Sql.marks()) {
            // The service: "Bind variable ? not set." for a missing one.
            throw new Failure("002049", "42601", "SQL compilation error: Bind variable ? not set.");
        }
        try (PreparedStatement statement = session.h2.prepareStatement(h2Sql.sql())) {
            session.running(statement);
            try {
                if (describeOnly) {
                    ResultSetMetaData metadata = statement.getMetaData();
                    ObjectNode data = data(session, queryId, 0x1000);
                    data.set("rowtype", metadata == null ? JSON.createArrayNode() : rowtype(metadata, session));
                    data.set("rowset", JSON.createArrayNode());
                    data.put("numberOfBinds", statement.getParameterMetaData().getParameterCount());
                    data.put("arrayBindSupported", false);
                    return new Answer(ok(data), List.of());
                }
                bind(statement, binds);
                if (statement.execute()) {
                    return rows(session, queryId, statement.getResultSet(), firstPageRows);
                }
                long count = Math.max(0, statement.getLargeUpdateCount());
                boolean ddl = isDdl(trimmed);
                ObjectNode data = data(session, queryId, ddl ? 0x6000 : dmlType(trimmed));
                if (ddl) {
                    return new Answer(status(session, queryId, "Statement executed successfully."), List.of());
                }
                data.set("rowtype", JSON.createArrayNode().add(column("number of rows affected", "fixed", 19, 0)));
                data.set(
                        "rowset",
                        JSON.createArrayNode().add(JSON.createArrayNode().add(Long.toString(count))));
                data.put("total", 1).put("returned", 1);
                return new Answer(ok(data), List.of());
            } finally {
                session.running(null);
            }
        } catch (SQLException e) {
            if (Thread.interrupted() || session.aborted()) {
                throw new Failure("000604", "57014", "SQL execution canceled");
            }
            throw failure(e);
        }
    }

    private static boolean isDdl(String sql) {
        return sql.startsWith("create") || sql.startsWith("drop") || sql.startsWith("alter");
    }

    private static int dmlType(String sql) {
        if (sql.startsWith("insert")) {
            return 0x3100;
        }
        if (sql.startsWith("update")) {
            return 0x3200;
        }
        return sql.startsWith("delete") ? 0x3300 : 0x3000;
    }

    /**
     * One bind as the driver sends it: {@code {"1":{"type":"FIXED","value":"41"}}} (notes B.2), its value text whose
     * meaning the type gives; {@code value} is null for SQL NULL.
     */
    private record Bind(String type, @Nullable String value) {
        /**
         * The type the service gives the bind, in H2's words. FIXED is a NUMBER of the value's scale, as a number
         * constant of those digits is (https://docs.snowflake.com/en/sql-reference/data-types-numeric#numeric-constants);
         * TIME and the timestamps keep nanoseconds (their default precision 9:
         * https://docs.snowflake.com/en/sql-reference/data-types-datetime). TIMESTAMP_LTZ is the fake's
         * {@code timestamp with time zone}, like TIMESTAMP_TZ (README: the fake's simplifications). ANY is what
         * snowflake-jdbc 3.24.2 sends for a null of no type (observed), which the service types as text.
         */
        String h2Type() {
            return switch (type) {
                case "FIXED" -> "numeric(38, " + scale() + ")";
                case "REAL" -> "double precision";
                case "TEXT", "ANY" -> "varchar";
                case "BOOLEAN" -> "boolean";
                case "BINARY" -> "varbinary";
                case "DATE" -> "date";
                case "TIME" -> "time(9)";
                case "TIMESTAMP_NTZ" -> "timestamp(9)";
                default -> "timestamp(9) with time zone";
            };
        }

        /** A value that is no number keeps scale 0 here and is refused when bound. */
        private int scale() {
            try {
                return value == null ? 0 : Math.max(0, decimal(value).scale());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /**
     * The bind types the service takes
     * (https://docs.snowflake.com/en/developer-guide/sql-api/submitting-requests#using-bind-variables-in-a-statement),
     * and ANY for a null. Any other is refused as the service refuses a type it does not know: 002040 "Unsupported
     * data type" (rinsed-org/rb-snowflake-client issue #57 shows the answer).
     */
    private static final Set<String> BIND_TYPES = Set.of(
            "FIXED",
            "REAL",
            "TEXT",
            "BINARY",
            "BOOLEAN",
            "DATE",
            "TIME",
            "TIMESTAMP_NTZ",
            "TIMESTAMP_LTZ",
            "TIMESTAMP_TZ",
            "ANY");

    /** The request's binds in order, keyed "1".."n" without gaps, each of a type the service takes. */
    private static List<Bind> binds(JsonNode bindings) throws Failure {
        if (!bindings.isObject()) {
            return List.of();
        }
        List<Bind> binds = new ArrayList<>(bindings.size());
        for (int index = 1; index <= bindings.size(); index++) {
            JsonNode binding = bindings.path(Integer.toString(index));
            if (binding.isMissingNode()) {
                throw new Failure("002049", "42601", "SQL compilation error: Bind variable ? not set.");
            }
            String type = binding.path("type").asText();
            if (!BIND_TYPES.contains(type)) {
                throw new Failure("002040", "42601", "SQL compilation error:\nUnsupported data type '" + type + "'.");
            }
            JsonNode value = binding.path("value");
            if (value.isArray()) {
                // Array binds come only after a describe that allowed them (notes B.2), which the fake never does.
                throw new Failure("002040", "42601", "SQL compilation error:\nUnsupported array bind.");
            }
            binds.add(new Bind(type, value.isNull() || value.isMissingNode() ? null : value.asText()));
        }
        return binds;
    }

    /**
     * Sets each bind by its type, decoding the value as snowflake-jdbc 3.24.2 encodes it (observed): numbers and
     * booleans as text, BINARY as hex, DATE as milliseconds since the epoch at UTC midnight, TIME as nanoseconds since
     * midnight, TIMESTAMP_NTZ and TIMESTAMP_LTZ as nanoseconds since the epoch (an NTZ one read at UTC); TIMESTAMP_TZ,
     * which that driver never sends, as the result encoding's nanoseconds then offset minutes plus 1440 (notes B.3). A
     * value its type cannot read is the service's 100038 "Numeric value is not recognized" family (22018).
     */
    private static void bind(PreparedStatement statement, List<Bind> binds) throws SQLException, Failure {
        for (int index = 1; index <= binds.size(); index++) {
            Bind bind = binds.get(index - 1);
            String text = bind.value();
            if (text == null) {
                statement.setObject(index, null);
                continue;
            }
            try {
                switch (bind.type()) {
                    case "FIXED" -> statement.setBigDecimal(index, decimal(text));
                    case "REAL" -> statement.setDouble(index, real(text));
                    case "BOOLEAN" -> statement.setBoolean(index, bool(text));
                    case "BINARY" -> statement.setBytes(index, HexFormat.of().parseHex(text));
                    case "DATE" ->
                        statement.setObject(
                                index, LocalDate.ofEpochDay(Math.floorDiv(Long.parseLong(text), 86_400_000L)));
                    case "TIME" -> statement.setObject(index, LocalTime.ofNanoOfDay(Long.parseLong(text)));
                    case "TIMESTAMP_NTZ" ->
                        statement.setObject(index, LocalDateTime.ofInstant(epochNanos(text), ZoneOffset.UTC));
                    case "TIMESTAMP_LTZ" ->
                        statement.setObject(index, OffsetDateTime.ofInstant(epochNanos(text), ZoneOffset.UTC));
                    case "TIMESTAMP_TZ" -> statement.setObject(index, offsetTimestamp(text));
                    default -> statement.setString(index, text);
                }
            } catch (RuntimeException e) {
                throw new Failure(
                        "100038",
                        "22018",
                        "Bind variable " + index + " of type " + bind.type() + " is not recognized: " + text);
            }
        }
    }

    private static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }

    /** FLOAT's special values: https://docs.snowflake.com/en/sql-reference/data-types-numeric#special-values. */
    private static double real(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    private static Instant epochNanos(String text) {
        long nanos = Long.parseLong(text);
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static OffsetDateTime offsetTimestamp(String text) {
        String[] parts = text.split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a TIMESTAMP_TZ bind is nanoseconds and an offset");
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((Integer.parseInt(parts[1]) - 1440) * 60);
        return OffsetDateTime.ofInstant(epochNanos(parts[0]), offset);
    }

    private static Answer rows(FakeSnowflake.Session session, String queryId, ResultSet resultSet, int firstPageRows)
            throws SQLException {
        ResultSetMetaData metadata = resultSet.getMetaData();
        int columns = metadata.getColumnCount();
        List<List<Object>> raw = new ArrayList<>();
        while (resultSet.next()) {
            List<Object> row = new ArrayList<>(columns);
            for (int index = 1; index <= columns; index++) {
                row.add(value(resultSet, metadata.getColumnType(index), index));
            }
            raw.add(row);
        }
        List<List<String>> encoded = new ArrayList<>(raw.size());
        for (List<Object> row : raw) {
            List<String> cells = new ArrayList<>(columns);
            for (int index = 0; index < columns; index++) {
                cells.add(encode(session, metadata.getColumnType(index + 1), row.get(index)));
            }
            encoded.add(cells);
        }
        ObjectNode data = data(session, queryId, 0x1000);
        data.set("rowtype", rowtype(metadata, session));
        ArrayNode rowset = data.putArray("rowset");
        int first = Math.min(firstPageRows, encoded.size());
        for (List<String> row : encoded.subList(0, first)) {
            ArrayNode cells = rowset.addArray();
            row.forEach(cells::add);
        }
        data.put("total", encoded.size()).put("returned", encoded.size());
        return new Answer(ok(data), encoded.subList(first, encoded.size()));
    }

    /** H2's value as the java.time or byte type the encoder knows, by the column's JDBC type. */
    private static Object value(ResultSet resultSet, int type, int index) throws SQLException {
        return switch (type) {
            case Types.DATE -> resultSet.getObject(index, LocalDate.class);
            case Types.TIME -> resultSet.getObject(index, LocalTime.class);
            case Types.TIMESTAMP -> resultSet.getObject(index, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> resultSet.getObject(index, OffsetDateTime.class);
            default -> resultSet.getObject(index);
        };
    }

    private static ArrayNode rowtype(ResultSetMetaData metadata, FakeSnowflake.Session session) throws SQLException {
        ArrayNode rowtype = JSON.createArrayNode();
        for (int index = 1; index <= metadata.getColumnCount(); index++) {
            int type = metadata.getColumnType(index);
            String name = metadata.getColumnLabel(index);
            ObjectNode column = switch (type) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> column(name, "fixed", 19, 0);
                case Types.NUMERIC, Types.DECIMAL ->
                    column(name, "fixed", metadata.getPrecision(index), metadata.getScale(index));
                case Types.REAL, Types.FLOAT, Types.DOUBLE -> column(name, "real", 0, 0);
                case Types.BOOLEAN -> column(name, "boolean", 0, 0);
                case Types.DATE -> column(name, "date", 0, 0);
                case Types.TIME -> column(name, "time", 0, 9);
                case Types.TIMESTAMP -> column(name, "timestamp_ntz", 0, 9);
                case Types.TIMESTAMP_WITH_TIMEZONE -> column(name, "timestamp_tz", 0, 9);
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    column(name, "binary", 0, 0).put("length", 8_388_608).put("byteLength", 8_388_608);
                case Types.OTHER -> geography(name, metadata.getColumnTypeName(index), session);
                default -> column(name, "text", 0, 0).put("length", 16_777_216).put("byteLength", 16_777_216);
            };
            column.put("nullable", metadata.isNullable(index) != ResultSetMetaData.columnNoNulls);
            rowtype.add(column);
        }
        return rowtype;
    }

    /**
     * H2's GEOMETRY stands for Snowflake's GEOGRAPHY, the only spatial type the fake has. With a binary output format
     * the service adds {@code outputType: BINARY}, which makes the driver type the column BINARY and decode the hex
     * (snowflake-jdbc 3.24.2 {@code SnowflakeUtil.getSnowflakeType}).
     */
    private static ObjectNode geography(String name, String h2Type, FakeSnowflake.Session session) {
        if (!h2Type.toUpperCase(Locale.ROOT).startsWith("GEOMETRY")) {
            return column(name, "text", 0, 0);
        }
        String format = session.parameters.getOrDefault("GEOGRAPHY_OUTPUT_FORMAT", "GeoJSON");
        boolean binary = format.equalsIgnoreCase("WKB") || format.equalsIgnoreCase("EWKB");
        return column(name, "geography", 0, 0).put("outputType", binary ? "BINARY" : "TEXT");
    }

    static ObjectNode column(String name, String type, int precision, int scale) {
        ObjectNode column = JSON.createObjectNode();
        column.put("name", name)
                .put("type", type)
                .put("precision", precision)
                .put("scale", scale)
                .put("database", "")
                .put("schema", "")
                .put("table", "");
        return column;
    }

    /** One cell as the service encodes it in JSON results (notes B.3). */
    private static String encode(FakeSnowflake.Session session, int type, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag ? "1" : "0";
        }
        if (value instanceof LocalDate date) {
            return Long.toString(date.toEpochDay());
        }
        if (value instanceof LocalTime time) {
            return String.format(Locale.ROOT, "%d.%09d", time.toSecondOfDay(), time.getNano());
        }
        if (value instanceof LocalDateTime dateTime) {
            return epoch(dateTime.toEpochSecond(ZoneOffset.UTC), dateTime.getNano());
        }
        if (value instanceof OffsetDateTime dateTime) {
            int offsetMinutes = dateTime.getOffset().getTotalSeconds() / 60;
            return epoch(dateTime.toEpochSecond(), dateTime.getNano()) + " " + (offsetMinutes + 1440);
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Geometry geometry) {
            return geography(session.parameters.getOrDefault("GEOGRAPHY_OUTPUT_FORMAT", "GeoJSON"), geometry);
        }
        if (value instanceof Double number) {
            // The service writes FLOAT's special values as 'inf', '-inf' and 'NaN'
            // (https://docs.snowflake.com/en/sql-reference/data-types-numeric#special-values).
            if (number.isInfinite()) {
                return number > 0 ? "inf" : "-inf";
            }
            return Double.toString(number);
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        return value.toString();
    }

    private static String epoch(long seconds, int nanos) {
        return String.format(Locale.ROOT, "%d.%09d", seconds, nanos);
    }

    /** https://docs.snowflake.com/en/sql-reference/parameters#geography-output-format */
    private static String geography(String format, Geometry geometry) {
        return switch (format.toUpperCase(Locale.ROOT)) {
            case "EWKB" -> HexFormat.of().formatHex(new WKBWriter(2, true).write(geometry));
            case "WKB" -> HexFormat.of().formatHex(new WKBWriter(2, false).write(geometry));
            case "EWKT" -> "SRID=" + geometry.getSRID() + ";" + new WKTWriter().write(geometry);
            case "WKT" -> new WKTWriter().write(geometry);
            default -> throw new IllegalStateException("the fake does not write " + format);
        };
    }

    private static ObjectNode status(FakeSnowflake.Session session, String queryId, String message) {
        ObjectNode data = data(session, queryId, 0x6000);
        data.set("rowtype", JSON.createArrayNode().add(column("status", "text", 0, 0)));
        data.set("rowset", JSON.createArrayNode().add(JSON.createArrayNode().add(message)));
        data.put("total", 1).put("returned", 1);
        return ok(data);
    }

    private static ObjectNode data(FakeSnowflake.Session session, String queryId, int statementType) {
        ObjectNode data = JSON.createObjectNode();
        data.put("queryId", queryId)
                .put("statementTypeId", statementType)
                .put("queryResultFormat", "json")
                // Result version 1: TIMESTAMP_TZ cells carry their offset ("epoch offset+1440"); under 0 they do not.
                .put("version", 1)
                .put("finalDatabaseName", session.database)
                .put("finalSchemaName", session.schema);
        data.set("parameters", session.parameterList());
        return data;
    }

    private static ObjectNode ok(ObjectNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", data);
        body.put("code", (String) null).put("message", (String) null).put("success", true);
        return body;
    }

    /**
     * H2's errors in the service's codes: a call no function signature matches 001044/42P13, a missing object is 002003/42S02, a syntax error 001003/42000, a bad value
     * 100038/22018 (https://docs.snowflake.com/en/user-guide/client-connectivity-troubleshooting/error-messages).
     */
    static Failure failure(SQLException failure) {
        SQLException e = failure;
        // H2 wraps what a function alias throws (90105); the fake's functions write the service's own errors.
        if (e.getErrorCode() == 90105 && e.getCause() instanceof SQLException thrown) {
            e = thrown;
        }
        if ("42P13".equals(e.getSQLState())) {
            return new Failure("001044", "42P13", e.getMessage());
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if (state.startsWith("42S0")
                || state.equals("42102")
                || state.equals("42103")
                || state.equals("42104")
                || state.equals("90079")) {
            return new Failure(
                    "002003", "42S02", "SQL compilation error:\nObject does not exist or not authorized. " + first);
        }
        if (state.startsWith("42")) {
            return new Failure("001003", "42000", "SQL compilation error:\n" + first);
        }
        if (state.startsWith("22")) {
            return new Failure("100038", "22018", first);
        }
        if (state.equals("57014")) {
            return new Failure("000604", "57014", "SQL execution canceled");
        }
        return new Failure("000603", "XX000", "SQL execution internal error: " + first);
    }
}
