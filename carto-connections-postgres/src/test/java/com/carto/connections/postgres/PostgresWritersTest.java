package com.carto.connections.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The result writers over real PostgreSQL results. */
class PostgresWritersTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ROWS = 200_000;
    private static String database;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        database = POSTGRES.createDatabase("writers", true);
        POSTGRES.psql(database, """
                create table shapes (id int, geom geometry);
                insert into shapes values
                  (1, 'SRID=4326;POINT(-3.7 40.4)'),
                  (2, 'SRID=4326;LINESTRING(0 0, 1.5 2.25, 3 3)'),
                  (3, 'SRID=4326;POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 2 1, 2 2, 1 1))'),
                  (4, 'SRID=4326;MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))'),
                  (5, 'SRID=4326;GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(3 4, 5 6))'),
                  (6, 'SRID=4326;POINT Z (1 2 3)'),
                  (7, 'SRID=4326;MULTIPOINT((1 2), (3 4))'),
                  (8, 'SRID=4326;MULTILINESTRING((0 0, 1 1), (2 2, 3 3))'),
                  (9, null);
                """);
        client = PostgresClients.open(POSTGRES, database, Map.of());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void sendsTheFirstJsonBytesBeforeTheLastRowIsRead() throws IOException {
        try (QueryResult result = client.query(Query.sql("select g, md5(g::text) from generate_series(1, :rows) g")
                .param("rows", ROWS))) {
            FirstWriteRecorder out = new FirstWriteRecorder(result);
            result.writeJson(out);
            assertThat(result.rowCount()).isEqualTo(ROWS);
            assertThat(out.rowsReadAtFirstWrite).isBetween(1L, (long) ROWS / 10);
        }
    }

    @Test
    void sendsTheFirstGeoJsonBytesBeforeTheLastRowIsRead() throws IOException {
        try (QueryResult result =
                client.query(Query.sql("select g, ST_MakePoint(g, g) as geom from generate_series(1, ?) g")
                        .param(ROWS))) {
            FirstWriteRecorder out = new FirstWriteRecorder(result);
            result.writeGeoJson(out);
            assertThat(result.rowCount()).isEqualTo(ROWS);
            assertThat(out.rowsReadAtFirstWrite).isBetween(1L, (long) ROWS / 10);
        }
    }

    @Test
    void writesGeoJsonGeometriesEqualToWhatPostgisBuildsItself() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryResult result = client.query(Query.sql("select id, geom from shapes order by id"))) {
            result.writeGeoJson(out);
        }
        JsonNode features = MAPPER.readTree(out.toByteArray()).get("features");
        List<String> postgis = List.of(
                POSTGRES.psql(database, "select coalesce(ST_AsGeoJSON(geom, 17), 'null') from shapes order by id")
                        .split("\n"));
        assertThat(features).hasSize(postgis.size());
        for (int index = 0; index < postgis.size(); index++) {
            JsonNode ours = features.get(index).get("geometry");
            JsonNode theirs = MAPPER.readTree(postgis.get(index));
            // PostGIS prints 0 where the writer prints 0.0: the same number, so compare numbers by value.
            assertThat(ours.equals(PostgresWritersTest::compareNumbersByValue, theirs))
                    .as("feature %d: %s vs %s", index + 1, ours, theirs)
                    .isTrue();
            assertThat(features.get(index).get("properties").get("id").asInt()).isEqualTo(index + 1);
        }
    }

    @Test
    void writesPostgresValuesExactly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryResult result = client.query(Query.sql("""
                select 123456789012345678901234567890.000000001::numeric as amount, 'NaN'::float8 as nan,
                       '-Infinity'::float8 as low, 0.1::float8 as tenth,
                       timestamptz '2024-01-02 03:04:05.123456+02' as instant, timestamp '2024-01-02 03:04:00' as local,
                       date '2024-02-29' as day, '\\xdeadbeef'::bytea as raw, '{"a": [1, {"b": null}]}'::jsonb as doc,
                       true as ok, null::text as missing"""))) {
            result.writeNdjson(out);
        }
        assertThat(out.toString(UTF_8))
                .isEqualTo("{\"amount\":123456789012345678901234567890.000000001,\"nan\":\"NaN\","
                        + "\"low\":\"-Infinity\",\"tenth\":0.1,\"instant\":\"2024-01-02T01:04:05.123456Z\","
                        + "\"local\":\"2024-01-02T03:04:00\",\"day\":\"2024-02-29\",\"raw\":\"3q2+7w==\","
                        + "\"doc\":{\"a\": [1, {\"b\": null}]},\"ok\":true,\"missing\":null}\n");
    }

    @Test
    void writesCsvWithGeometryAsWkt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryResult result =
                client.query(Query.sql("select id, geom, 'a,b' as note from shapes where id in (1, 9) order by id"))) {
            result.writeCsv(out);
        }
        assertThat(out.toString(UTF_8)).isEqualTo("id,geom,note\r\n1,POINT(-3.7 40.4),\"a,b\"\r\n9,,\"a,b\"\r\n");
    }

    private static int compareNumbersByValue(JsonNode left, JsonNode right) {
        if (left.isNumber() && right.isNumber()) {
            return Double.compare(left.doubleValue(), right.doubleValue());
        }
        return left.equals(right) ? 0 : 1;
    }

    /** Records how many rows the result had read when the first byte arrived. */
    private static final class FirstWriteRecorder extends OutputStream {
        private final QueryResult result;
        private long rowsReadAtFirstWrite = -1;

        FirstWriteRecorder(QueryResult result) {
            this.result = result;
        }

        @Override
        public void write(int b) {
            record();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            record();
        }

        private void record() {
            if (rowsReadAtFirstWrite < 0) {
                rowsReadAtFirstWrite = result.rowCount();
            }
        }
    }
}
