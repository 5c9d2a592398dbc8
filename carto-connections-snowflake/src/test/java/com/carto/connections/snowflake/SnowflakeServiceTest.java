package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the provider does with the service's protocol, through the real driver against the fake. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeServiceTest {
    @RegisterExtension
    static final FakeSnowflake FAKE = new FakeSnowflake().user("TESTER", "secret");

    private final TestClients clients = new TestClients();
    private final SnowflakeProvider provider = TestProviders.against(FAKE);

    @AfterEach
    void restoreDefaults() {
        FAKE.firstPageRows(1_000);
        FAKE.chunkRows(20_000);
    }

    @AfterAll
    void closeClients() {
        clients.close();
    }

    private WarehouseClient open() {
        return clients.open(provider, "snowflake_account", TestProviders.passwordProperties(FAKE));
    }

    @Test
    void readsAResultLargerThanOnePageFromItsChunksInOrder() {
        FAKE.firstPageRows(100);
        FAKE.chunkRows(1_000);
        long before = chunkDownloads();
        try (WarehouseClient client = open();
                QueryResult result = client.query(Query.sql(SnowflakeQueries.series(5_000)))) {
            long expected = 1;
            while (result.next()) {
                assertThat(result.value("n")).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo(5_000);
        }
        assertThat(chunkDownloads() - before).isEqualTo(5);
    }

    private static long chunkDownloads() {
        return FAKE.requests().stream()
                .filter(line -> line.startsWith("GET /chunks/"))
                .count();
    }

    @Test
    void renewsAnExpiredSessionAndStillAnswers() {
        try (WarehouseClient client = open()) {
            query(client, "select 1 as \"one\"");
            FAKE.expireNextQueries(1);
            assertThat(query(client, "select 2 as \"two\"")).isEqualTo(2L);
        }
        assertThat(FAKE.requests()).contains("POST /session/token-request");
    }

    @Test
    void stopsTheQueryOnTheServiceAtItsTimeout() {
        try (WarehouseClient client = open()) {
            // Logged in first, so that the timeout meets the running query rather than the login.
            query(client, "select 1 as \"one\"");
            int before = FAKE.aborts();
            long start = System.nanoTime();
            Throwable failure = catchThrowable(
                    () -> client.query(Query.sql(SnowflakeQueries.sleep(30)).timeout(Duration.ofSeconds(1)))
                            .close());
            assertThat(failure).isInstanceOf(ConnectionException.class);
            assertThat(((ConnectionException) failure).category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(FAKE.aborts()).isGreaterThan(before);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            // The service stopped the query, rather than running it to its end on a session nobody reads.
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (FAKE.runningQueries() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(FAKE.runningQueries()).isZero();
            assertThat(query(client, "select 3 as \"three\"")).isEqualTo(3L);
        }
    }

    @Test
    void deletesItsSessionsWhenTheClientCloses() {
        int before = FAKE.deletes();
        try (WarehouseClient client = open()) {
            query(client, "select 1 as \"one\"");
        }
        assertThat(FAKE.deletes()).isGreaterThan(before);
    }

    @Test
    void tagsEveryQueryWithTheConnectionAndTheIdentity() {
        try (WarehouseClient client = open()) {
            query(client, "select 1 as \"one\"");
        }
        assertThat(FAKE.queryTags())
                .last()
                .asString()
                .contains("\"application\":\"carto-connections\"")
                .contains("\"connection\":\"test-connection\"")
                .contains("\"identity\":\"owner\"");
    }

    @Test
    void asksForJsonResultsEwkbGeographyAndValidatedDefaultsAtLogin() {
        try (WarehouseClient client = open()) {
            query(client, "select 1 as \"one\"");
        }
        assertThat(FAKE.loginParameters())
                .last()
                .satisfies(parameters -> assertThat(parameters)
                        .containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON")
                        .containsEntry("GEOGRAPHY_OUTPUT_FORMAT", "EWKB")
                        .containsEntry("GEOMETRY_OUTPUT_FORMAT", "EWKB")
                        .containsEntry("CLIENT_VALIDATE_DEFAULT_PARAMETERS", "true"));
    }

    @Test
    void readsTimesAndTimestampsWithTheirNanoseconds() {
        try (WarehouseClient client = open();
                QueryResult result = client.query(Query.sql("select cast('01:02:03.123456789' as time(9)) as \"t\","
                        + " cast('2024-02-29 12:34:56.123456789' as timestamp_ntz(9)) as \"ts\""))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("t")).isEqualTo(LocalTime.of(1, 2, 3, 123_456_789));
            assertThat(result.value("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_789));
        }
    }

    @Test
    void bindsJavaTimeValuesTheDriverRefusesAsText() {
        try (WarehouseClient client = open();
                QueryResult result =
                        client.query(Query.sql("select cast(? as date) as \"dt\", cast(? as timestamp_ntz) as \"ts\"")
                                .params(LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 12, 34, 56)))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(result.value("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56));
        }
    }

    @Test
    void bindsTextNumbersBooleansAndNull() {
        try (WarehouseClient client = open();
                QueryResult result = client.query(Query.sql(
                                "select cast(? as varchar) as \"s\","
                                        + " cast(? as double) as \"f\", cast(? as boolean) as \"b\", cast(? as integer) as \"n\"")
                        .params("it's", 2.5d, true, null))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("s")).isEqualTo("it's");
            assertThat(result.value("f")).isEqualTo(2.5d);
            assertThat(result.value("b")).isEqualTo(true);
            assertThat(result.value("n")).isNull();
        }
    }

    @Test
    void bindsAGeometryParameterThroughToGeographyWithoutLosingDigits() {
        Geometry point = Geometry.ofWkt("POINT(-3.7037902 40.4167754)", 4326);
        try (WarehouseClient client = open();
                QueryResult result = client.query(
                        Query.sql("select to_geography(?) as \"g\"").param(point))) {
            assertThat(result.next()).isTrue();
            Geometry read = (Geometry) result.value("g");
            assertThat(read.srid()).isEqualTo(4326);
            assertThat(read.toJts().getCoordinate().x).isEqualTo(-3.7037902);
            assertThat(read.toJts().getCoordinate().y).isEqualTo(40.4167754);
        }
    }

    @Test
    void readsBinaryValuesAsBytes() {
        try (WarehouseClient client = open();
                QueryResult result = client.query(Query.sql("select X'01ff' as \"bin\""))) {
            assertThat(result.next()).isTrue();
            assertThat((byte[]) result.value("bin")).containsExactly(1, 0xff);
        }
    }

    private static Object query(WarehouseClient client, String sql) {
        try (QueryResult result = client.query(Query.sql(sql))) {
            assertThat(result.next()).isTrue();
            return result.value(0);
        }
    }
}
