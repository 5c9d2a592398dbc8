package com.carto.connections.query;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultWritersTest {
    private static final List<Column> SCALARS = List.of(
            new Column("id", ColumnType.INTEGER, "int8"),
            new Column("amount", ColumnType.DECIMAL, "numeric"),
            new Column("ratio", ColumnType.FLOAT, "float8"),
            new Column("ok", ColumnType.BOOLEAN, "bool"),
            new Column("day", ColumnType.DATE, "date"),
            new Column("at", ColumnType.TIME, "time"),
            new Column("local", ColumnType.TIMESTAMP, "timestamp"),
            new Column("instant", ColumnType.TIMESTAMP_WITH_TIME_ZONE, "timestamptz"),
            new Column("raw", ColumnType.BYTES, "bytea"),
            new Column("doc", ColumnType.JSON, "jsonb"),
            new Column("list", ColumnType.ARRAY, "_int4"),
            new Column("name", ColumnType.STRING, "text"));

    private static List<Object> scalarRow(double ratio) {
        return Arrays.asList(
                1L,
                new BigDecimal("12345678901234567890.123456789000"),
                ratio,
                true,
                LocalDate.of(2024, 1, 2),
                LocalTime.of(3, 4),
                LocalDateTime.of(2024, 1, 2, 3, 4, 0, 120_000_000),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC),
                new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef},
                "{\"a\": [1, 2]}",
                List.of(1L, 2L),
                "say \"hi\", then\nleave");
    }

    @Test
    void writesJsonShapedLikeASqlApiResponseWithExactValues() throws IOException {
        String json = json(new ListQueryResult(SCALARS, List.of(scalarRow(1.5))));
        assertThat(json.replaceAll("\"elapsedMs\":\\d+", "\"elapsedMs\":0"))
                .isEqualTo("{\"schema\":["
                        + "{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"amount\",\"type\":\"decimal\"},"
                        + "{\"name\":\"ratio\",\"type\":\"float\"},{\"name\":\"ok\",\"type\":\"boolean\"},"
                        + "{\"name\":\"day\",\"type\":\"date\"},{\"name\":\"at\",\"type\":\"time\"},"
                        + "{\"name\":\"local\",\"type\":\"timestamp\"},{\"name\":\"instant\",\"type\":\"timestamp_with_time_zone\"},"
                        + "{\"name\":\"raw\",\"type\":\"bytes\"},{\"name\":\"doc\",\"type\":\"json\"},"
                        + "{\"name\":\"list\",\"type\":\"array\"},{\"name\":\"name\",\"type\":\"string\"}],"
                        + "\"rows\":[{\"id\":1,\"amount\":12345678901234567890.123456789000,\"ratio\":1.5,\"ok\":true,"
                        + "\"day\":\"2024-01-02\",\"at\":\"03:04:00\",\"local\":\"2024-01-02T03:04:00.120\","
                        + "\"instant\":\"2024-01-02T03:04:05.123456Z\",\"raw\":\"3q2+7w==\",\"doc\":{\"a\": [1, 2]},"
                        + "\"list\":[1,2],\"name\":\"say \\\"hi\\\", then\\nleave\"}],"
                        + "\"meta\":{\"rowCount\":1,\"elapsedMs\":0}}");
    }

    @Test
    void spellsNanAndInfinitiesAsStrings() throws IOException {
        String json = json(new ListQueryResult(
                List.of(new Column("x", ColumnType.FLOAT, "float8")),
                List.of(List.of(Double.NaN), List.of(Double.POSITIVE_INFINITY), List.of(Double.NEGATIVE_INFINITY))));
        assertThat(json).contains("\"rows\":[{\"x\":\"NaN\"},{\"x\":\"Infinity\"},{\"x\":\"-Infinity\"}]");
    }

    @Test
    void writesNullsAsJsonNull() throws IOException {
        String json = json(new ListQueryResult(SCALARS, List.of(Arrays.asList(new Object[SCALARS.size()]))));
        assertThat(json)
                .contains("{\"id\":null,\"amount\":null,\"ratio\":null,\"ok\":null,\"day\":null,\"at\":null,"
                        + "\"local\":null,\"instant\":null,\"raw\":null,\"doc\":null,\"list\":null,\"name\":null}");
    }

    @Test
    void closesTheJsonDocumentWithTheErrorInMetaWhenReadingFailsThenRethrows() {
        ConnectionException limit = new ConnectionException(ErrorCategory.LIMIT_EXCEEDED, "more than 1 rows");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryResult result =
                new ListQueryResult(List.of(new Column("id", ColumnType.INTEGER, "int8")), List.of(List.of(1L)), limit);
        assertThatThrownBy(() -> result.writeJson(out)).isSameAs(limit);
        assertThat(out.toString(UTF_8))
                .matches(
                        "\\{\"schema\":\\[\\{\"name\":\"id\",\"type\":\"integer\"}],\"rows\":\\[\\{\"id\":1}],"
                                + "\"meta\":\\{\"rowCount\":1,\"elapsedMs\":\\d+,\"error\":\\{\"category\":\"LIMIT_EXCEEDED\",\"message\":\"more than 1 rows\"}}}");
    }

    @Test
    void writesAGeoJsonFeatureCollectionFromTheFirstGeometryColumn() throws IOException {
        List<Column> columns = List.of(
                new Column("id", ColumnType.INTEGER, "int4"),
                new Column("geom", ColumnType.GEOMETRY, "geometry"),
                new Column("other", ColumnType.GEOMETRY, "geometry"));
        QueryResult result = new ListQueryResult(
                columns,
                List.of(
                        List.of(1L, Geometry.ofWkt("POINT (1 2)", 4326), Geometry.ofWkt("POINT (9 9)", 4326)),
                        Arrays.asList(2L, null, null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result.writeGeoJson(out);
        assertThat(out.toString(UTF_8))
                .isEqualTo("{\"type\":\"FeatureCollection\",\"features\":["
                        + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.0,2.0]},"
                        + "\"properties\":{\"id\":1,\"other\":{\"type\":\"Point\",\"coordinates\":[9.0,9.0]}}},"
                        + "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"id\":2,\"other\":null}}]}");
    }

    @Test
    void writesGeoJsonFromTheNamedGeometryColumn() throws IOException {
        List<Column> columns = List.of(
                new Column("a", ColumnType.GEOMETRY, "geometry"), new Column("b", ColumnType.GEOMETRY, "geometry"));
        QueryResult result = new ListQueryResult(
                columns,
                List.of(List.of(Geometry.ofWkt("POINT (1 2)", 4326), Geometry.ofWkt("LINESTRING (0 0, 1 1)", 4326))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result.writeGeoJson(out, "b");
        assertThat(out.toString(UTF_8))
                .contains("\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[0.0,0.0],[1.0,1.0]]}");
    }

    @Test
    void refusesGeoJsonWithoutAGeometryColumnBeforeWritingAnything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryResult result =
                new ListQueryResult(List.of(new Column("id", ColumnType.INTEGER, "int4")), List.of(List.of(1L)));
        assertThatThrownBy(() -> result.writeGeoJson(out, "geom"))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("geometryColumn geom");
        assertThatThrownBy(() -> result.writeGeoJson(out)).isInstanceOf(ConnectionException.class);
        assertThat(out.size()).isZero();
    }

    @Test
    void leavesACutGeoJsonVisiblyUnclosed() {
        ConnectionException timeout = new ConnectionException(ErrorCategory.TIMEOUT, "cancelled");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryResult result = new ListQueryResult(
                List.of(new Column("geom", ColumnType.GEOMETRY, "geometry")),
                List.of(List.of(Geometry.ofWkt("POINT (1 2)", 4326))),
                timeout);
        assertThatThrownBy(() -> result.writeGeoJson(out)).isSameAs(timeout);
        assertThat(out.toString(UTF_8)).endsWith("\"properties\":{}}");
    }

    @Test
    void writesRfc4180CsvWithAHeaderAndGeometryAsWkt() throws IOException {
        List<Column> columns = List.of(
                new Column("id", ColumnType.INTEGER, "int4"),
                new Column("note", ColumnType.STRING, "text"),
                new Column("geom", ColumnType.GEOMETRY, "geometry"),
                new Column("v", ColumnType.FLOAT, "float8"));
        QueryResult result = new ListQueryResult(
                columns,
                List.of(
                        Arrays.asList(1L, "a, \"quoted\"\r\nline", Geometry.ofWkt("POINT (1 2)", 4326), Double.NaN),
                        Arrays.asList(2L, "", null, null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result.writeCsv(out);
        assertThat(out.toString(UTF_8))
                .isEqualTo(
                        "id,note,geom,v\r\n" + "1,\"a, \"\"quoted\"\"\r\nline\",POINT(1 2),NaN\r\n" + "2,\"\",,\r\n");
    }

    @Test
    void writesCsvValuesSpelledAsInJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ListQueryResult(SCALARS, List.of(scalarRow(0.25))).writeCsv(out);
        assertThat(out.toString(UTF_8).split("\r\n", 2)[1])
                .isEqualTo("1,12345678901234567890.123456789000,0.25,true,2024-01-02,"
                        + "03:04:00,2024-01-02T03:04:00.120,2024-01-02T03:04:05.123456Z,3q2+7w==,\"{\"\"a\"\": [1, 2]}\",\"[1,2]\","
                        + "\"say \"\"hi\"\", then\nleave\"\r\n");
    }

    @Test
    void writesOneJsonObjectPerLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ListQueryResult(
                        List.of(
                                new Column("id", ColumnType.INTEGER, "int4"),
                                new Column("doc", ColumnType.JSON, "json")),
                        List.of(Arrays.asList(1L, "{\"k\":\"v\"}"), Arrays.asList(2L, null)))
                .writeNdjson(out);
        assertThat(out.toString(UTF_8)).isEqualTo("{\"id\":1,\"doc\":{\"k\":\"v\"}}\n{\"id\":2,\"doc\":null}\n");
    }

    @Test
    void writesOffsetsOtherThanUtcAndYearsBeyondFourDigits() throws IOException {
        QueryResult result = new ListQueryResult(
                List.of(
                        new Column("t", ColumnType.TIMESTAMP_WITH_TIME_ZONE, "timestamptz"),
                        new Column("d", ColumnType.DATE, "date")),
                List.of(List.of(
                        OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                        LocalDate.of(12345, 1, 1))));
        assertThat(json(result)).contains("{\"t\":\"2024-06-01T12:00:00+05:30\",\"d\":\"+12345-01-01\"}");
    }

    private static String json(QueryResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result.writeJson(out);
        return out.toString(UTF_8);
    }
}
