package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read-ahead of a long JDBC result: the same rows, values, failures and limits as reading the driver directly,
 * never more than two batches ahead, and nothing left running once the result is closed.
 */
class ReadAheadTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    // Generous: only says that a call ended rather than hung.
    private static final Duration ENDED_WITHIN = Duration.ofSeconds(30);

    // Every column type the writers spell, a NULL in each column every seventh row, over more rows than one fetch.
    private static final String MIXED = "select g, case when g % 7 = 0 then null else g * 0.5 end as f8,"
            + " case when g % 7 = 1 then null else (g / 3.0)::float4 end as f4,"
            + " case when g % 7 = 2 then null else g::numeric / 7 end as n,"
            + " case when g % 7 = 3 then null else 'text ' || g end as t,"
            + " case when g % 7 = 4 then null else timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second' end as ts,"
            + " case when g % 7 = 5 then null else g % 2 = 0 end as b,"
            + " case when g % 7 = 6 then null else date '2020-01-01' + g end as d,"
            + " case when g % 11 = 0 then null else ST_SetSRID(ST_MakePoint(g / 1000.0, -g / 1000.0), 4326) end as geom"
            + " from generate_series(1, 25000) g";

    private static String database;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        database = POSTGRES.createDatabase("read_ahead", true);
        client = FixtureProvider.standard().open(POSTGRES, database);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @AfterEach
    void backToTheDefault() {
        System.clearProperty(ReadAhead.PROPERTY);
    }

    @Test
    void writesTheSameJsonWithTheReadAheadAsWithout() {
        String direct = withReadAhead("off", () -> json(MIXED));
        String ahead = withReadAhead("on", () -> json(MIXED));
        assertThat(direct).contains("\"rowCount\":25000");
        assertThat(withoutElapsed(ahead)).isEqualTo(withoutElapsed(direct));
    }

    @Test
    void writesTheSameCsvAndGeoJsonWithTheReadAheadAsWithout() {
        assertThat(withReadAhead("on", () -> write(MIXED, "csv")))
                .isEqualTo(withReadAhead("off", () -> write(MIXED, "csv")));
        assertThat(withReadAhead("on", () -> write(MIXED, "geojson")))
                .isEqualTo(withReadAhead("off", () -> write(MIXED, "geojson")));
    }

    @Test
    void startsTheReadAheadOnlyAfterTheRowsReadDirectly() {
        System.setProperty(ReadAhead.PROPERTY, "on");
        try (JdbcQueryResult result = query("select g from generate_series(1, 25000) g")) {
            assertThat(result.batchRows())
                    .as("a divisor of the fetch size of 10,000")
                    .isEqualTo(1000);
            for (int row = 0; row < result.batchRows(); row++) {
                assertThat(result.next()).isTrue();
            }
            assertThat(result.readAhead()).isNull();
            assertThat(result.next()).isTrue();
            assertThat(result.readAhead()).isNotNull();
            assertThat(result.longValue(0)).isEqualTo(result.batchRows() + 1);
        }
    }

    @Test
    void neverStartsWhenSwitchedOff() {
        System.setProperty(ReadAhead.PROPERTY, "off");
        try (JdbcQueryResult result = query("select g from generate_series(1, 25000) g")) {
            long sum = 0;
            while (result.next()) {
                sum += result.longValue(0);
            }
            assertThat(sum).isEqualTo(25000L * 25001 / 2);
            assertThat(result.readAhead()).isNull();
        }
    }

    @Test
    void holdsAtMostTwoBatchesWhileTheReaderIsSlow() {
        System.setProperty(ReadAhead.PROPERTY, "on");
        try (JdbcQueryResult result = query("select g from generate_series(1, 200000) g")) {
            int batchRows = result.batchRows();
            for (int row = 0; row <= batchRows; row++) {
                assertThat(result.next()).isTrue();
            }
            ReadAhead ahead = result.readAhead();
            assertThat(ahead).isNotNull();
            // The reader holds the first batch and reads nothing more: the thread fills one more batch and must stop.
            assertTimeoutPreemptively(ENDED_WITHIN, () -> {
                while (!ahead.waitingForReader() && !ahead.done()) {
                    Thread.sleep(1);
                }
            });
            assertThat(ahead.done())
                    .as("the read-ahead must wait for the reader, not read on")
                    .isFalse();
            assertThat(ahead.batchesMade()).isEqualTo(2);
            assertThat(result.rowsFetchedAhead()).isEqualTo(2L * batchRows);

            long rows = result.rowCount();
            long sum = result.longValue(0);
            while (result.next()) {
                rows++;
                sum += result.longValue(0);
            }
            assertThat(rows).isEqualTo(200000);
            assertThat(sum).isEqualTo(200000L * 200001 / 2 - (long) batchRows * (batchRows + 1) / 2);
            assertThat(ahead.batchesMade()).isEqualTo(2);
        }
    }

    @Test
    void reportsAFailureOfTheReadAheadAsTheSameTypedExceptionAfterTheSameRows() {
        String sql = "select g, 1 / (g - 15000) as x from generate_series(1, 20000) g";
        Failure direct = withReadAhead("off", () -> failureReading(sql));
        Failure ahead = withReadAhead("on", () -> failureReading(sql));
        assertThat(direct.failure().sqlState()).contains("22012");
        // The driver's second fetch (rows 10,001 to 20,000) fails as a whole.
        assertThat(direct.rowsBefore()).isEqualTo(10000);
        assertThat(ahead.rowsBefore()).isEqualTo(direct.rowsBefore());
        assertThat(ahead.failure().category()).isEqualTo(direct.failure().category());
        assertThat(ahead.failure().sqlState()).isEqualTo(direct.failure().sqlState());
        assertThat(ahead.failure()).hasMessage(direct.failure().getMessage());
        assertThat(ahead.readAheadStarted()).isTrue();
        assertThat(readAheadThreads()).isZero();
    }

    @Test
    void stopsAtTheSameRowWhenTheByteLimitIsExceeded() {
        String sql = "select g, repeat('x', 100) as t from generate_series(1, 20000) g";
        Query query = Query.sql(sql).maxBytes(1_500_000);
        ConnectionException direct =
                withReadAhead("off", () -> failureReading(query).failure());
        ConnectionException ahead =
                withReadAhead("on", () -> failureReading(query).failure());
        assertThat(direct.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
        assertThat(ahead).hasMessage(direct.getMessage());
        assertThat(readAheadThreads()).isZero();
    }

    @Test
    void closingWhileTheReadAheadIsBlockedInAFetchReturnsAndGivesTheConnectionBack() {
        System.setProperty(ReadAhead.PROPERTY, "on");
        String marker = "marker_blocked_read_ahead";
        Map<String, ?> onePool = Map.of("maxConcurrentQueries", 1, "queryTimeout", "PT120S");
        FixtureProvider provider = FixtureProvider.standard();
        try (WarehouseClient single = provider.open(
                provider.settings(POSTGRES, database, POSTGRES.superuser(), POSTGRES.superuserPassword(), onePool))) {
            // The first two fetches come back at once; the third, the read-ahead's second, sleeps on the server.
            JdbcQueryResult result = (JdbcQueryResult) single.query(Query.sql("select g, case when g > 20500 then"
                    + " pg_sleep(60) end /* " + marker + " */ from generate_series(1, 30000) g"));
            for (int row = 0; row < 19500; row++) {
                assertThat(result.next()).isTrue();
            }
            ReadAhead ahead = result.readAhead();
            assertThat(ahead).isNotNull();
            assertTimeoutPreemptively(ENDED_WITHIN, () -> {
                while (!sleepingOnTheServer(marker)) {
                    Thread.sleep(5);
                }
            });
            assertThat(ahead.inDriver()).isTrue();

            assertTimeoutPreemptively(ENDED_WITHIN, result::close);

            assertThat(readAheadThreads()).isZero();
            assertThat(busySessions(marker)).isEqualTo("0");
            // The pool's one connection is back: the next query gets it.
            try (QueryResult next = assertTimeoutPreemptively(
                    ENDED_WITHIN, () -> single.query(Query.sql("select 42").timeout(Duration.ofSeconds(5))))) {
                assertThat(next.next()).isTrue();
                assertThat(next.longValue(0)).isEqualTo(42);
            }
        }
    }

    @Test
    void leavesNoReadAheadThreadAfterAnyWayOfClosing() {
        System.setProperty(ReadAhead.PROPERTY, "on");
        String rows = "select g from generate_series(1, 50000) g";
        // Read to the end.
        try (JdbcQueryResult result = query(rows)) {
            while (result.next()) {
                result.longValue(0);
            }
            assertThat(result.readAhead()).isNotNull();
        }
        assertThat(readAheadThreads()).isZero();
        // Closed part way, with the thread waiting for a batch to come back.
        try (JdbcQueryResult result = query(rows)) {
            for (int row = 0; row < 15000; row++) {
                result.next();
            }
            assertThat(result.readAhead()).isNotNull();
        }
        assertThat(readAheadThreads()).isZero();
        // Over the row limit.
        try (JdbcQueryResult result = query(Query.sql(rows).maxRows(20000))) {
            assertThatThrownBy(() -> {
                        while (result.next()) {
                            result.longValue(0);
                        }
                    })
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            e -> assertThat(e.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED));
        }
        assertThat(readAheadThreads()).isZero();
        // Past the deadline, with the reader reading slowly.
        try (JdbcQueryResult result = query(Query.sql(rows).timeout(Duration.ofMillis(500)))) {
            ConnectionException timedOut = catchThrowableOfType(ConnectionException.class, () -> {
                while (result.next()) {
                    if (result.rowCount() > result.batchRows()) {
                        Thread.sleep(1);
                    }
                }
            });
            assertThat(timedOut.category()).isEqualTo(ErrorCategory.TIMEOUT);
        }
        assertThat(readAheadThreads()).isZero();
    }

    @Test
    void refusesAnUnknownSwitchValueNamingTheProperty() {
        System.setProperty(ReadAhead.PROPERTY, "sometimes");
        ConnectionException failure =
                catchThrowableOfType(ConnectionException.class, () -> client.query(Query.sql("select 1")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure).hasMessageContaining(ReadAhead.PROPERTY).hasMessageContaining("sometimes");
    }

    private record Failure(ConnectionException failure, long rowsBefore, boolean readAheadStarted) {}

    private static Failure failureReading(String sql) {
        return failureReading(Query.sql(sql));
    }

    private static Failure failureReading(Query query) {
        try (JdbcQueryResult result = query(query)) {
            ConnectionException failure = catchThrowableOfType(ConnectionException.class, () -> {
                while (result.next()) {
                    result.value(result.columns().size() - 1);
                }
            });
            assertThat(failure).as("reading must fail").isNotNull();
            return new Failure(failure, result.rowCount(), result.readAhead() != null);
        }
    }

    private static JdbcQueryResult query(String sql) {
        return query(Query.sql(sql));
    }

    private static JdbcQueryResult query(Query query) {
        return (JdbcQueryResult) client.query(query);
    }

    private static <T> T withReadAhead(String mode, Supplier<T> body) {
        System.setProperty(ReadAhead.PROPERTY, mode);
        try {
            return body.get();
        } finally {
            System.clearProperty(ReadAhead.PROPERTY);
        }
    }

    private static String json(String sql) {
        return write(sql, "json");
    }

    private static String write(String sql, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryResult result = client.query(Query.sql(sql))) {
            switch (format) {
                case "json" -> result.writeJson(out);
                case "csv" -> result.writeCsv(out);
                default -> result.writeGeoJson(out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String withoutElapsed(String json) {
        return json.replaceAll("\"elapsedMs\":\\d+", "\"elapsedMs\":0");
    }

    private static long readAheadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(ReadAhead.THREAD_NAME) && thread.isAlive())
                .count();
    }

    private static boolean sleepingOnTheServer(String marker) {
        return POSTGRES.psql(
                        database,
                        "select count(*) from pg_stat_activity where pid <> pg_backend_pid() and wait_event = 'PgSleep'"
                                + " and position('" + marker + "' in query) > 0")
                .strip()
                .equals("1");
    }

    private static String busySessions(String marker) {
        return POSTGRES.psql(
                        database,
                        "select count(*) from pg_stat_activity where pid <> pg_backend_pid() and state <> 'idle'"
                                + " and position('" + marker + "' in query) > 0")
                .strip();
    }
}
