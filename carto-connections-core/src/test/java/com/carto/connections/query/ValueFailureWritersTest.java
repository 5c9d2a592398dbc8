package com.carto.connections.query;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A value that fails part way through a result: a typed error, and documents that say where they were cut. */
class ValueFailureWritersTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Column> COLUMNS =
            List.of(new Column("id", ColumnType.INTEGER, "int8"), new Column("geom", ColumnType.GEOMETRY, "geometry"));
    private static final Geometry POINT = Geometry.ofWkt("POINT (1 2)", 4326);
    private static final Geometry CIRCULAR_STRING = Geometry.ofWkb(wkb(8, 3, 0, 0, 1, 1, 2, 0), 4326);
    private static final Geometry NAN_POINT = Geometry.ofWkb(wkb(1, -1, Double.NaN, 1), 4326);

    @Test
    void writeJsonClosesTheDocumentWithTheTypedErrorInMetaWhenAValueHasNoJsonForm() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryResult result = rows(List.of(1L, POINT), List.of(2L, CIRCULAR_STRING), List.of(3L, POINT));

        assertThatThrownBy(() -> result.writeJson(out)).satisfies(ValueFailureWritersTest::isUnsupportedInRowTwo);

        JsonNode document = MAPPER.readTree(out.toByteArray());
        assertThat(document.get("rows")).hasSize(1);
        assertThat(document.get("rows").get(0).get("id").asLong()).isEqualTo(1);
        assertThat(document.get("meta").get("error").get("category").asText()).isEqualTo("UNSUPPORTED");
        assertThat(document.get("meta").get("error").get("message").asText())
                .contains("column geom")
                .contains("CIRCULARSTRING");
    }

    @Test
    void writeJsonClosesTheDocumentWhenReadingANumberFailsInTheMiddleOfARow() throws Exception {
        ConnectionException lost = new ConnectionException(ErrorCategory.UNAVAILABLE, "the warehouse went away");
        List<Column> columns =
                List.of(new Column("name", ColumnType.STRING, "text"), new Column("ratio", ColumnType.FLOAT, "float8"));
        QueryResult result = new NumbersFailingInRowTwo(
                new ListQueryResult(columns, List.of(List.of("a", 0.5), List.of("b", 1.5))), lost);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> result.writeJson(out)).isSameAs(lost);

        JsonNode document = MAPPER.readTree(out.toByteArray());
        assertThat(document.get("rows").get(1).get("ratio").isNull()).isTrue();
        assertThat(document.get("meta").get("error").get("category").asText()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void writeJsonFailsANanCoordinateTypedInsteadOfWritingInvalidJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(
                        () -> rows(List.of(1L, POINT), List.of(2L, NAN_POINT)).writeJson(out))
                .satisfies(ValueFailureWritersTest::isUnsupportedInRowTwo);

        assertThat(MAPPER.readTree(out.toByteArray())
                        .get("meta")
                        .get("error")
                        .get("message")
                        .asText())
                .contains("NaN");
    }

    @Test
    void writeNdjsonStopsAfterTheLastWholeRowWithTheTypedError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() ->
                        rows(List.of(1L, POINT), List.of(2L, CIRCULAR_STRING)).writeNdjson(out))
                .satisfies(ValueFailureWritersTest::isUnsupportedInRowTwo);

        assertThat(out.toString(UTF_8))
                .isEqualTo("{\"id\":1,\"geom\":{\"type\":\"Point\",\"coordinates\":[1.0,2.0]}}\n");
    }

    @Test
    void writeGeoJsonLeavesTheFeatureCollectionVisiblyUnclosedWithTheTypedError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() ->
                        rows(List.of(1L, POINT), List.of(2L, CIRCULAR_STRING)).writeGeoJson(out))
                .satisfies(ValueFailureWritersTest::isUnsupportedInRowTwo);

        assertThat(out.toString(UTF_8)).endsWith("\"properties\":{\"id\":1}}");
        assertThatThrownBy(() -> MAPPER.readTree(out.toByteArray())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void writeCsvWritesCurvedGeometryAsWktSinceWktHasAFormForIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        rows(List.of(1L, CIRCULAR_STRING)).writeCsv(out);

        assertThat(out.toString(UTF_8)).isEqualTo("id,geom\r\n1,\"CIRCULARSTRING(0 0,1 1,2 0)\"\r\n");
    }

    @Test
    void writeJsonFailsAGeometryInsideAnArrayTypedBeforeTheRowStarts() throws Exception {
        List<Column> columns = List.of(new Column("shapes", ColumnType.ARRAY, "_geometry"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() ->
                        new ListQueryResult(columns, List.of(List.of(List.of(POINT, CIRCULAR_STRING)))).writeJson(out))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED));

        assertThat(MAPPER.readTree(out.toByteArray()).get("rows")).isEmpty();
    }

    /** A result whose unboxed numbers fail from its second row on, as a driver's read can. */
    private static final class NumbersFailingInRowTwo implements QueryResult {
        private final QueryResult rows;
        private final ConnectionException failure;

        NumbersFailingInRowTwo(QueryResult rows, ConnectionException failure) {
            this.rows = rows;
            this.failure = failure;
        }

        @Override
        public List<Column> columns() {
            return rows.columns();
        }

        @Override
        public boolean next() {
            return rows.next();
        }

        @Override
        public Object value(int columnIndex) {
            return rows.value(columnIndex);
        }

        @Override
        public double doubleValue(int columnIndex) {
            if (rows.rowCount() == 2) {
                throw failure;
            }
            return rows.doubleValue(columnIndex);
        }

        @Override
        public long rowCount() {
            return rows.rowCount();
        }

        @Override
        public void close() {}
    }

    @Test
    void writeCsvFailsAGeometryInsideAnArrayTypedAndWritesNoPartOfItsRow() {
        List<Column> columns = List.of(
                new Column("id", ColumnType.INTEGER, "int8"), new Column("geom", ColumnType.ARRAY, "_geometry"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> new ListQueryResult(
                                columns, List.of(List.of(1L, List.of(POINT)), List.of(2L, List.of(NAN_POINT))))
                        .writeCsv(out))
                .satisfies(ValueFailureWritersTest::isUnsupportedInRowTwo);

        assertThat(out.toString(UTF_8))
                .isEqualTo("id,geom\r\n1,\"[{\"\"type\"\":\"\"Point\"\",\"\"coordinates\"\":[1.0,2.0]}]\"\r\n");
    }

    private static void isUnsupportedInRowTwo(Throwable thrown) {
        assertThat(thrown).isInstanceOf(ConnectionException.class);
        ConnectionException failure = (ConnectionException) thrown;
        assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED);
        assertThat(failure.getMessage()).contains("column geom").contains("row 2");
    }

    @SafeVarargs
    private static QueryResult rows(List<Object>... rows) {
        return new ListQueryResult(COLUMNS, List.of(rows));
    }

    /** Little-endian ISO WKB of a type: a point's coordinates when {@code count} is -1, else a point list. */
    private static byte[] wkb(int type, int count, double... coordinates) {
        ByteBuffer buffer = ByteBuffer.allocate(9 + 8 * coordinates.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 1).putInt(type);
        if (count >= 0) {
            buffer.putInt(count);
        }
        for (double coordinate : coordinates) {
            buffer.putDouble(coordinate);
        }
        return count >= 0 ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), 5 + 8 * coordinates.length);
    }
}
