package com.carto.connections.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;

/**
 * Every PostgreSQL/PostGIS type, special values included, through every writer, parsed back (Jackson; PostgreSQL's
 * own CSV reader, {@code COPY … (FORMAT csv)}; a GeoJSON validity check) and compared with what PostgreSQL itself
 * says: {@code to_json}, {@code ST_AsGeoJSON}, {@code ST_AsText}.
 */
class PostgresValueFidelityTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> GEOJSON_TYPES = Set.of(
            "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection");
    private static String database;
    private static WarehouseClient client;
    private static Connection jdbc;

    /** A PostgreSQL type and literals of it, written in SQL; every sample also gets a NULL. */
    record Sample(String type, List<String> literals) {
        Sample(String type, String... literals) {
            this(type, List.of(literals));
        }

        /** The values in order, numbered by {@code i}, in a column {@code v}. */
        String relation() {
            StringBuilder values = new StringBuilder();
            for (int index = 0; index < literals.size(); index++) {
                values.append("(")
                        .append(index)
                        .append(", (")
                        .append(literals.get(index))
                        .append(")::")
                        .append(type)
                        .append("), ");
            }
            values.append("(")
                    .append(literals.size())
                    .append(", null::")
                    .append(type)
                    .append(")");
            return "(values " + values + ") as t(i, v)";
        }

        String select(String expression) {
            return "select " + expression + " from " + relation() + " order by i";
        }

        @Override
        public String toString() {
            return type;
        }
    }

    static Stream<Sample> samples() {
        return Stream.of(
                new Sample("smallint", "-32768", "32767", "0"),
                new Sample("integer", "-2147483648", "2147483647"),
                new Sample("bigint", "-9223372036854775808", "9223372036854775807"),
                new Sample(
                        "numeric",
                        "123456789012345678901234567890.000000001",
                        "-0.5",
                        "0",
                        "1e-20",
                        "'NaN'",
                        "'Infinity'",
                        "'-Infinity'"),
                new Sample(
                        "real",
                        "1.1",
                        "0.1",
                        "3.4028235e38",
                        "1e-45",
                        "-0",
                        "16777217",
                        "'NaN'",
                        "'Infinity'",
                        "'-Infinity'"),
                new Sample(
                        "double precision",
                        "0.1",
                        "1e20",
                        "1e-300",
                        "4.9e-324",
                        "1.7976931348623157e308",
                        "'NaN'",
                        "'Infinity'",
                        "'-Infinity'"),
                new Sample("boolean", "true", "false"),
                new Sample("text", "''", "'a,b \"quoted\"'", "E'line\\r\\nbreak\\ttab'", "'ünï € 😀'", "' '"),
                new Sample("varchar(10)", "'abc'"),
                new Sample("char(4)", "'ab'"),
                new Sample("date", "'2024-02-29'", "'0001-01-01'", "'9999-12-31'", "'infinity'", "'-infinity'"),
                new Sample("time", "'00:00'", "'12:34:56.789'", "'23:59:59.999999'", "'12:00:00.12'", "'24:00'"),
                new Sample("timetz", "'12:34:56.789+05:30'", "'00:00-08'", "'24:00+00'"),
                new Sample(
                        "timestamp",
                        "'2024-01-02 03:04:05.123456'",
                        "'2024-01-02 03:04:00'",
                        "'infinity'",
                        "'-infinity'"),
                new Sample(
                        "timestamptz",
                        "'2024-01-02 03:04:05.12+02'",
                        "'1970-01-01 00:00:00+00'",
                        "'infinity'",
                        "'-infinity'"),
                new Sample("interval", "'1 day 02:00:00'", "'-3 months 4 seconds'"),
                new Sample("bytea", "'\\xdeadbeef'", "''"),
                new Sample("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
                new Sample("inet", "'192.168.0.1/24'", "'::1'"),
                new Sample("money", "'1.50'", "'-1234567.89'"),
                new Sample("json", "'{\"a\": [1, null, \"x\"]}'", "'[]'", "'\"text\"'"),
                new Sample("jsonb", "'{\"b\": {\"c\": 1.5}, \"a\": true}'", "'null'"),
                new Sample("integer[]", "'{1,2,NULL}'", "'{}'"),
                new Sample("bigint[]", "'{-9223372036854775808}'"),
                new Sample("text[]", "'{a,\"b,c\",NULL}'"),
                new Sample("double precision[]", "'{0.1,1e20}'"),
                new Sample("real[]", "'{1.1,0.1}'"),
                new Sample("boolean[]", "'{t,f}'"),
                new Sample("numeric[]", "'{1.5,NaN,Infinity,-Infinity,NULL}'", "'{}'"),
                new Sample("date[]", "'{2024-01-02,infinity,-infinity}'"),
                new Sample("timestamp[]", "'{2024-01-02 03:04:05,infinity,-infinity}'"),
                new Sample("timestamptz[]", "'{2024-01-02 03:04:05+02,infinity}'"),
                new Sample("time[]", "'{00:00,12:00,24:00}'"),
                new Sample("bytea[]", "'{\\\\xdead}'"),
                new Sample("int4range", "'[1,5)'"),
                new Sample("geometry[]", "ARRAY['POINT(1 2)'::geometry, 'LINESTRING Z (0 0 1,1 1 2)', null]"),
                new Sample("bit(3)", "B'101'"),
                new Sample("varbit", "B'1'"),
                new Sample(
                        "geometry",
                        "'SRID=4326;POINT(-3.7 40.4)'",
                        "'POINT EMPTY'",
                        "'POINT Z (1 2 3)'",
                        "'POINT M (1 2 3)'",
                        "'POINT ZM (1 2 3 4)'",
                        "'LINESTRING(0 0,1.5 2.25,3 3)'",
                        "'LINESTRING EMPTY'",
                        "'POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))'",
                        "'POLYGON EMPTY'",
                        "'MULTIPOINT((1 2),(3 4))'",
                        "'MULTIPOINT(EMPTY,(1 2))'",
                        "'MULTIPOINT M ((1 2 3))'",
                        "'MULTILINESTRING((0 0,1 1),(2 2,3 3))'",
                        "'MULTILINESTRING(EMPTY,(0 0,1 1))'",
                        "'MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))'",
                        "'MULTIPOLYGON(EMPTY,((0 0,1 0,0 1,0 0)))'",
                        "'GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(3 4,5 6))'",
                        "'GEOMETRYCOLLECTION(POINT EMPTY,POINT(1 2))'",
                        "'GEOMETRYCOLLECTION EMPTY'",
                        "'GEOMETRYCOLLECTION M (POINT M (1 2 3))'",
                        "'TRIANGLE((0 0,1 0,0 1,0 0))'",
                        "'TRIANGLE EMPTY'",
                        "'TIN(((0 0 0,1 0 0,0 1 0,0 0 0)),((1 0 0,1 1 0,0 1 0,1 0 0)))'",
                        "'TIN EMPTY'",
                        "'POLYHEDRALSURFACE Z (((0 0 0,0 1 0,1 1 0,0 0 0)))'",
                        "'CIRCULARSTRING(0 0,1 1,2 0)'",
                        "'CIRCULARSTRING Z (0 0 1,1 1 1,2 0 1)'",
                        "'COMPOUNDCURVE((0 0,1 1),CIRCULARSTRING(1 1,2 0,3 1))'",
                        "'CURVEPOLYGON(CIRCULARSTRING(0 0,4 0,4 4,0 4,0 0),(1 1,3 3,3 1,1 1))'",
                        "'MULTICURVE((0 0,5 5),CIRCULARSTRING(4 0,4 4,8 4))'",
                        "'MULTISURFACE(CURVEPOLYGON(CIRCULARSTRING(0 0,4 0,4 4,0 4,0 0)),((10 10,14 12,11 10,10 10)))'",
                        "'POINT(NaN 1)'",
                        "'LINESTRING(0 0,NaN 1)'",
                        "'POINT(0.1 1e-7)'",
                        "'POINT(123456789.125 -0.5)'"));
    }

    @BeforeAll
    static void open() throws SQLException {
        database = POSTGRES.createDatabase("fidelity", true);
        // What PostGIS answers for a geometry: its GeoJSON, or REFUSED where ST_AsGeoJSON raises an error.
        POSTGRES.psql(database, """
                create function geojson_or_refusal(g geometry) returns text language plpgsql as $$
                begin
                  return ST_AsGeoJSON(g, 17);
                exception when others then
                  return 'REFUSED';
                end $$;
                create table parsed_csv (line serial, v text);
                """);
        client = PostgresClients.open(POSTGRES, database, Map.of());
        jdbc = DriverManager.getConnection(
                POSTGRES.jdbcUrl(database), POSTGRES.superuser(), POSTGRES.superuserPassword());
        try (Statement statement = jdbc.createStatement()) {
            // to_json spells timestamptz in the session's zone; UTC, as the writers.
            statement.execute("set time zone 'UTC'");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        client.close();
        jdbc.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writesEveryValueAsToJsonSpellsIt(Sample sample) throws IOException, SQLException {
        List<JsonNode> expected = expectedJson(sample);
        List<JsonNode> written = jsonRows(sample, "json");
        List<JsonNode> writtenNdjson = jsonRows(sample, "ndjson");
        assertThat(written).hasSameSizeAs(expected);
        assertThat(writtenNdjson).isEqualTo(written);
        if (!sample.type().equals("geometry")) {
            // As a GeoJSON feature's property, beside a geometry column.
            assertThat(jsonRows(sample, "geojson")).isEqualTo(written);
        }
        for (int index = 0; index < expected.size(); index++) {
            assertSameValue(sample, written.get(index), expected.get(index));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writesEveryValueToCsvThatPostgresReadsBackAsTheJsonWritersText(Sample sample)
            throws IOException, SQLException {
        List<JsonNode> json = jsonRows(sample, "json");
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        List<String> wkt = new ArrayList<>();
        try (QueryResult result = client.query(Query.sql(sample.select("v")))) {
            if (result.columns().get(0).type() == ColumnType.GEOMETRY) {
                wkt = expectedWkt(sample);
            }
            result.writeCsv(csv);
        }
        List<String> parsed = parsedByPostgres(csv.toByteArray());
        assertThat(parsed).hasSize(sample.literals().size() + 1);
        for (int index = 0; index < parsed.size(); index++) {
            String field = parsed.get(index);
            if (!wkt.isEmpty()) {
                assertThat(field).as("row %d", index).isEqualTo(wkt.get(index));
                continue;
            }
            JsonNode value = json.get(index);
            if (sample.type().startsWith("json") && field != null) {
                // A JSON column is written as its document, whatever the document's own type.
                assertThat(MAPPER.readTree(field)).as("row %d", index).isEqualTo(value);
            } else if (value.isNull()) {
                assertThat(field).as("row %d", index).isNull();
            } else if (value.isTextual()) {
                assertThat(field).as("row %d", index).isEqualTo(value.textValue());
            } else if (value.isNumber()) {
                assertThat(new BigDecimal(field)).as("row %d", index).isEqualByComparingTo(value.decimalValue());
            } else {
                assertThat(MAPPER.readTree(field)).as("row %d", index).isEqualTo(value);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsEveryValueAsTheJavaClassOfItsColumnType(Sample sample) {
        try (QueryResult result = client.query(Query.sql(sample.select("v")))) {
            ColumnType type = result.columns().get(0).type();
            while (result.next()) {
                Object value = result.value(0);
                if (value != null) {
                    assertThat(value).as("%s in %s", value, type).isInstanceOfAny(javaClasses(type));
                }
            }
            assertThat(result.rowCount()).isEqualTo(sample.literals().size() + 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometrySamples")
    void writesGeometryAsValidGeoJsonEqualToPostgisOrFailsTypedWherePostgisHasNone(String literal)
            throws IOException, SQLException {
        Sample sample = new Sample("geometry", literal);
        String postgis = expectedText(sample, "geojson_or_refusal(v)").get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (hasNoGeoJsonForm(postgis)) {
            for (String writer : List.of("geojson", "ndjson")) {
                assertThatThrownBy(() -> write(sample, writer, new ByteArrayOutputStream()))
                        .as("%s through %s, PostGIS says %s", literal, writer, postgis)
                        .isInstanceOfSatisfying(ConnectionException.class, failure -> {
                            assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED);
                            assertThat(failure.getMessage())
                                    .contains("column v")
                                    .contains("row 1");
                        });
            }
            return;
        }
        write(sample, "geojson", out);
        JsonNode features = MAPPER.readTree(out.toByteArray()).get("features");
        JsonNode geometry = features.get(0).get("geometry");
        assertValidGeoJson(geometry);
        assertThat(equalNumbersByValue(geometry, validGeoJsonOf(postgis)))
                .as("%s: ours %s, PostGIS %s", literal, geometry, postgis)
                .isTrue();
        assertThat(features.get(1).get("geometry").isNull()).isTrue();
    }

    static Stream<String> geometrySamples() {
        return samples()
                .filter(sample -> sample.type().equals("geometry"))
                .flatMap(sample -> sample.literals().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometrySamples")
    void writesWktThatPostgisReadsBackToTheSameGeometry(String literal) throws SQLException {
        Sample sample = new Sample("geometry", literal);
        try (QueryResult result = client.query(Query.sql(sample.select("v")))) {
            result.next();
            Geometry geometry = (Geometry) Objects.requireNonNull(result.value(0));
            try (PreparedStatement statement = jdbc.prepareStatement(
                    "select ST_AsEWKB(ST_GeomFromText(?, ST_SRID(g))) = ST_AsEWKB(g), ST_AsText(g), ST_SRID(g)"
                            + " from (select (" + literal + ")::geometry as g) as t")) {
                statement.setString(1, geometry.toWkt());
                try (ResultSet answer = statement.executeQuery()) {
                    answer.next();
                    assertThat(geometry.toWkt()).isEqualTo(answer.getString(2));
                    assertThat(answer.getBoolean(1))
                            .as("%s read back", geometry.toWkt())
                            .isTrue();
                    assertThat(geometry.srid()).isEqualTo(answer.getInt(3));
                }
            }
        }
    }

    private static boolean hasNoGeoJsonForm(String postgis) {
        return postgis.equals("REFUSED") || postgis.contains("NaN") || postgis.contains("nf");
    }

    /**
     * PostGIS's GeoJSON with what makes it invalid taken out, as the writer does: empty members of multi-geometries
     * (PostGIS writes {@code [,[1,2]]} and {@code [[],…]}) and the empty ring of an empty TRIANGLE.
     */
    private static JsonNode validGeoJsonOf(String postgis) throws JsonProcessingException {
        String repaired = postgis.replace("[,", "[").replace(",,", ",").replace(",]", "]");
        JsonNode node = MAPPER.readTree(repaired);
        return withoutEmptyMembers(node);
    }

    private static JsonNode withoutEmptyMembers(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        String type = copy.get("type").asText();
        if (type.equals("GeometryCollection")) {
            ArrayNode members = JsonNodeFactory.instance.arrayNode();
            copy.get("geometries").forEach(member -> members.add(withoutEmptyMembers(member)));
            copy.set("geometries", members);
        } else if (type.startsWith("Multi") || type.equals("Polygon")) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            copy.get("coordinates").forEach(member -> {
                if (!member.isEmpty()) {
                    kept.add(member);
                }
            });
            copy.set("coordinates", kept);
        }
        return copy;
    }

    /** RFC 7946 §3.1: the type, positions of 2 or 3 numbers, two positions a line, closed rings of four. */
    private static void assertValidGeoJson(JsonNode geometry) {
        String type = geometry.get("type").asText();
        assertThat(type).isIn(GEOJSON_TYPES);
        if (type.equals("GeometryCollection")) {
            geometry.get("geometries").forEach(PostgresValueFidelityTest::assertValidGeoJson);
            return;
        }
        JsonNode coordinates = geometry.get("coordinates");
        assertThat(coordinates.isArray()).as("%s", geometry).isTrue();
        if (coordinates.isEmpty()) {
            return; // an empty geometry (RFC 7946 §3.1)
        }
        switch (type) {
            case "Point" -> assertPosition(coordinates);
            case "LineString" -> assertLine(coordinates);
            case "Polygon" -> coordinates.forEach(PostgresValueFidelityTest::assertRing);
            case "MultiPoint" -> coordinates.forEach(PostgresValueFidelityTest::assertPosition);
            case "MultiLineString" -> coordinates.forEach(PostgresValueFidelityTest::assertLine);
            default ->
                coordinates.forEach(polygon -> {
                    assertThat(polygon.isEmpty()).isFalse();
                    polygon.forEach(PostgresValueFidelityTest::assertRing);
                });
        }
    }

    private static void assertPosition(JsonNode position) {
        assertThat(position.size()).as("%s", position).isBetween(2, 3);
        position.forEach(
                number -> assertThat(number.isNumber()).as("%s", position).isTrue());
    }

    private static void assertLine(JsonNode line) {
        assertThat(line.size()).as("%s", line).isGreaterThanOrEqualTo(2);
        line.forEach(PostgresValueFidelityTest::assertPosition);
    }

    private static void assertRing(JsonNode ring) {
        assertThat(ring.size()).as("%s", ring).isGreaterThanOrEqualTo(4);
        ring.forEach(PostgresValueFidelityTest::assertPosition);
        assertThat(ring.get(0)).isEqualTo(ring.get(ring.size() - 1));
    }

    private static Class<?>[] javaClasses(ColumnType type) {
        return switch (type) {
            case STRING, JSON, STRUCT -> new Class<?>[] {String.class};
            case INTEGER -> new Class<?>[] {Long.class};
            // numeric NaN and ±Infinity, which BigDecimal cannot hold
            case DECIMAL -> new Class<?>[] {BigDecimal.class, Double.class};
            case FLOAT -> new Class<?>[] {Double.class};
            case BOOLEAN -> new Class<?>[] {Boolean.class};
            case DATE -> new Class<?>[] {LocalDate.class};
            case TIME -> new Class<?>[] {LocalTime.class};
            case TIMESTAMP -> new Class<?>[] {LocalDateTime.class};
            case TIMESTAMP_WITH_TIME_ZONE -> new Class<?>[] {OffsetDateTime.class};
            case BYTES -> new Class<?>[] {byte[].class};
            case ARRAY -> new Class<?>[] {List.class};
            case GEOMETRY -> new Class<?>[] {Geometry.class};
        };
    }

    /** What PostgreSQL says each value is in JSON: {@code to_json}, or {@code ST_AsGeoJSON} for geometry. */
    private static List<JsonNode> expectedJson(Sample sample) throws SQLException, JsonProcessingException {
        boolean geometry = sample.type().equals("geometry");
        List<JsonNode> expected = new ArrayList<>();
        for (String text : expectedText(sample, geometry ? "geojson_or_refusal(v)" : "to_json(v)::text")) {
            expected.add(
                    text == null
                            ? JsonNodeFactory.instance.nullNode()
                            : geometry && hasNoGeoJsonForm(text)
                                    ? JsonNodeFactory.instance.textNode("REFUSED")
                                    : geometry ? validGeoJsonOf(text) : MAPPER.readTree(text));
        }
        return expected;
    }

    private static List<String> expectedWkt(Sample sample) throws SQLException {
        return expectedText(sample, "ST_AsText(v)");
    }

    private static List<String> expectedText(Sample sample, String expression) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Statement statement = jdbc.createStatement();
                ResultSet answer = statement.executeQuery(sample.select(expression))) {
            while (answer.next()) {
                texts.add(answer.getString(1));
            }
        }
        return texts;
    }

    /**
     * The rows of {@code writeJson}, {@code writeNdjson} or {@code writeGeoJson} (its features' properties), parsed
     * with Jackson. Geometries PostGIS has no GeoJSON
     * for are selected apart, since they fail the writers (see the GeoJSON test).
     */
    private static List<JsonNode> jsonRows(Sample sample, String writer) throws IOException, SQLException {
        boolean geometry = sample.type().equals("geometry");
        List<JsonNode> expected = geometry ? expectedJson(sample) : List.of();
        List<JsonNode> rows = new ArrayList<>();
        for (int index = 0; index <= sample.literals().size(); index++) {
            if (geometry && expected.get(index).isTextual()) {
                rows.add(JsonNodeFactory.instance.textNode("REFUSED"));
                continue;
            }
            String select = "select v" + (writer.equals("geojson") ? ", null::geometry as g" : "") + " from "
                    + sample.relation() + " where i = " + index;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(Query.sql(select), writer, out);
            if (writer.equals("geojson")) {
                JsonNode feature =
                        MAPPER.readTree(out.toByteArray()).get("features").get(0);
                rows.add(feature.get("properties").get("v"));
            } else if (writer.equals("json")) {
                JsonNode document = MAPPER.readTree(out.toByteArray());
                assertThat(document.get("meta").has("error")).isFalse();
                rows.add(document.get("rows").get(0).get("v"));
            } else {
                String[] lines = out.toString(UTF_8).split("\n");
                assertThat(lines).hasSize(1);
                rows.add(MAPPER.readTree(lines[0]).get("v"));
            }
        }
        return rows;
    }

    private static void write(Sample sample, String writer, ByteArrayOutputStream out) throws IOException {
        write(Query.sql(sample.select("v")), writer, out);
    }

    private static void write(Query query, String writer, ByteArrayOutputStream out) throws IOException {
        try (QueryResult result = client.query(query)) {
            switch (writer) {
                case "json" -> result.writeJson(out);
                case "ndjson" -> result.writeNdjson(out);
                case "geojson" -> result.writeGeoJson(out);
                default -> result.writeCsv(out);
            }
        }
    }

    /** The one column of a CSV document as PostgreSQL's own CSV reader reads it: NULL for an empty field. */
    private static List<String> parsedByPostgres(byte[] csv) throws SQLException, IOException {
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("truncate parsed_csv restart identity");
        }
        jdbc.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                        "copy parsed_csv (v) from stdin with (format csv, header true, encoding 'UTF8')",
                        new ByteArrayInputStream(csv));
        List<String> fields = new ArrayList<>();
        try (Statement statement = jdbc.createStatement();
                ResultSet rows = statement.executeQuery("select v from parsed_csv order by line")) {
            while (rows.next()) {
                fields.add(rows.getString(1));
            }
        }
        return fields;
    }

    /**
     * Ours against PostgreSQL's: numbers by value, base64 against {@code \x} hex, times by the instant or time they
     * name (to_json trims fraction digits and writes {@code +00:00}), everything else exactly.
     */
    private static void assertSameValue(Sample sample, JsonNode ours, JsonNode theirs) {
        assertThat(ours.equals((left, right) -> sameValue(sample, left, right) ? 0 : 1, theirs)
                        || sameBinaryFloat(sample, ours, theirs))
                .as("%s: ours %s, PostgreSQL %s", sample, ours, theirs)
                .isTrue();
    }

    /** One scalar (or array element) of ours against PostgreSQL's; see {@link #assertSameValue}. */
    private static boolean sameValue(Sample sample, JsonNode ours, JsonNode theirs) {
        if (ours.isNumber() && theirs.isNumber()) {
            return ours.decimalValue().compareTo(theirs.decimalValue()) == 0;
        }
        if (!ours.isTextual() || !theirs.isTextual() || ours.equals(theirs)) {
            return ours.equals(theirs);
        }
        if (sample.type().startsWith("bytea")) {
            return HexFormat.of()
                    .formatHex(Base64.getDecoder().decode(ours.textValue()))
                    .equals(theirs.textValue().substring(2));
        }
        return sameTime(ours.textValue(), theirs.textValue());
    }

    /**
     * Two spellings of one binary float: PostgreSQL prints the smallest subnormal double as 5e-324, Java as
     * 4.9E-324; both read back to the same double. A {@code real} must also keep the float's own shortest digits: no
     * more than PostgreSQL prints ({@code 1.1}, not the widened 1.100000023841858), or two, since Java writes at
     * least two ({@code 1.4E-45} where PostgreSQL writes {@code 1e-45}).
     */
    private static boolean sameBinaryFloat(Sample sample, JsonNode ours, JsonNode theirs) {
        if (!ours.isNumber() || !theirs.isNumber()) {
            return false;
        }
        if (sample.type().equals("real")) {
            return ours.floatValue() == theirs.floatValue()
                    && significantDigits(ours) <= Math.max(2, significantDigits(theirs));
        }
        return sample.type().equals("double precision") && ours.doubleValue() == theirs.doubleValue();
    }

    private static int significantDigits(JsonNode number) {
        return number.decimalValue().stripTrailingZeros().precision();
    }

    private static boolean sameTime(String ours, String theirs) {
        try {
            return OffsetDateTime.parse(ours).isEqual(OffsetDateTime.parse(theirs));
        } catch (DateTimeParseException notAnInstant) {
            // next
        }
        try {
            return LocalDateTime.parse(ours).equals(LocalDateTime.parse(theirs));
        } catch (DateTimeParseException notALocalTimestamp) {
            // next
        }
        try {
            return LocalTime.parse(ours).equals(LocalTime.parse(theirs));
        } catch (DateTimeParseException notATime) {
            return false;
        }
    }

    private static boolean equalNumbersByValue(JsonNode ours, JsonNode theirs) {
        return ours.equals(
                (left, right) -> left.isNumber() && right.isNumber()
                        ? left.decimalValue().compareTo(right.decimalValue())
                        : left.equals(right) ? 0 : 1,
                theirs);
    }
}
