package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GEOMETRY columns and timestamps through the real driver against the fake: queries described with
 * {@code DESCRIBE QUERY} by the dialect (databricks-jdbc 3.0.1's own describe and results fail on GEOMETRY and report
 * TIMESTAMP_NTZ as TIMESTAMP, notes part E), geometry read through {@code st_asewkb}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabricksSpatialTest {
    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final WarehouseClient client = clients.open(fake.port());

    DatabricksSpatialTest() {
        fake.execute(
                "main",
                "create schema if not exists spatial_test;"
                        + " create table if not exists spatial_test.places (name varchar, g geometry);"
                        + " insert into spatial_test.places values ('a', 'SRID=4326;POINT (1.5 2.5)'),"
                        + " ('b', 'SRID=3857;LINESTRING (0 0, 10 10)'), ('c', null)");
    }

    @AfterAll
    void stop() {
        client.close();
        fake.close();
        clients.close();
    }

    @Test
    void readsAGeometryColumnOfATableWithEachValuesSrid() {
        List<String> read = new ArrayList<>();
        try (QueryResult result = client.query(Query.sql("select name, g from spatial_test.places order by name"))) {
            assertThat(result.columns())
                    .extracting(Column::type)
                    .containsExactly(ColumnType.STRING, ColumnType.GEOMETRY);
            assertThat(result.columns()).extracting(Column::name).containsExactly("name", "g");
            while (result.next()) {
                Geometry geometry = (Geometry) result.value("g");
                read.add(geometry == null ? "null" : geometry.srid() + ";" + geometry.toWkt());
            }
        }
        assertThat(read).containsExactly("4326;POINT(1.5 2.5)", "3857;LINESTRING(0 0,10 10)", "null");
    }

    @Test
    void describesTheQueryWithDescribeQueryAndReadsGeometryThroughStAsEwkb() {
        try (QueryResult result =
                client.query(Query.sql("select g as `geom` from spatial_test.places where name = 'a'"))) {
            assertThat(result.next()).isTrue();
        }
        assertThat(fake.statements())
                .contains("describe query select g as `geom` from spatial_test.places where name = 'a'")
                .anySatisfy(sql -> assertThat(sql).startsWith("select st_asewkb(`c1`) as `c1` from ("));
    }

    @Test
    void describesWithNullInPlaceOfEachParameterMarkInsideItsPlaceholder() {
        // The fake's H2 cannot type a bare ? in a subquery, where the service types it by the parameter's type.
        Query query =
                Query.sql("select cast(? as bigint) as `n`, ? as `g`").params(7L, Geometry.ofWkt("POINT(1 2)", 4326));
        try (QueryResult result = client.query(query)) {
            assertThat(result.columns())
                    .extracting(Column::type)
                    .containsExactly(ColumnType.INTEGER, ColumnType.GEOMETRY);
            assertThat(result.next()).isTrue();
            assertThat(result.value("n")).isEqualTo(7L);
            assertThat(((Geometry) result.value("g")).toWkt()).isEqualTo("POINT(1 2)");
        }
        assertThat(fake.statements())
                .contains(
                        "describe query select cast(null as bigint) as `n`, st_geomfromwkb(unhex(null), 4326) as `g`");
    }

    @Test
    void runsAStatementThatIsNotAQueryUndescribed() {
        // DESCRIBE QUERY describes queries only: a DESCRIBE is run as it is, and its rows read as text.
        try (QueryResult result = client.query(Query.sql("describe query select cast(1 as int) as `x`"))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("col_name")).isEqualTo("x");
            assertThat(result.value("data_type")).isEqualTo("int");
        }
    }

    @Test
    void typesTimestampNtzAsALocalDateTimeAndTimestampAsAnInstant() {
        try (QueryResult result = client.query(Query.sql("select timestamp_ntz '2024-02-29 12:34:56.123456' as `ts`,"
                + " timestamp '2024-02-29 14:34:56.123456+02:00' as `tstz`"))) {
            assertThat(result.columns())
                    .extracting(Column::type)
                    .containsExactly(ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_WITH_TIME_ZONE);
            assertThat(result.next()).isTrue();
            assertThat(result.value("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
            assertThat(result.value("tstz"))
                    .isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000, ZoneOffset.UTC));
        }
    }

    @Test
    void theFakeRefusesADescribeWithAnUnboundParameterMarkAsTheServiceDoes() {
        assertThatThrownBy(() -> client.query(Query.sql("describe query select ? as `v`"))
                        .close())
                .isInstanceOf(ConnectionException.class)
                .satisfies(failure -> assertThat(causeMessages(failure)).contains("UNBOUND_SQL_PARAMETER"));
    }

    @Test
    void theFakeDescribesOnlyQueriesAndRunsNothingItDescribes() {
        assertThatThrownBy(() -> client.query(Query.sql("describe query create table spatial_test.never (a int)"))
                        .close())
                .isInstanceOf(ConnectionException.class)
                .satisfies(failure -> assertThat(causeMessages(failure)).contains("PARSE_SYNTAX_ERROR"));
        assertThatThrownBy(() -> client.query(Query.sql("select * from spatial_test.never"))
                        .close())
                .satisfies(failure -> assertThat(causeMessages(failure)).contains("TABLE_OR_VIEW_NOT_FOUND"));
    }

    @Test
    void theFakeRefusesBytesThatAreNotWkbAsTheServiceDoes() {
        assertThatThrownBy(() -> client.query(Query.sql("select st_geomfromwkb(unhex('0102'), 4326) as `g`"))
                        .close())
                .isInstanceOf(ConnectionException.class)
                .satisfies(failure -> assertThat(causeMessages(failure)).contains("WKB_PARSE_ERROR"));
    }

    private static String causeMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
