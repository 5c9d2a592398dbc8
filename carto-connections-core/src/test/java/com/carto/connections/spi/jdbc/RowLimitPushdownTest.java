package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A query's row limit, pushed down to the warehouse as SQL and counted by the one {@code ResultLimits}. */
class RowLimitPushdownTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static String database;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        database = POSTGRES.createDatabase("row_limits", true);
        client = FixtureProvider.standard().open(POSTGRES, database);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void sendsTheLimitToTheWarehouseOneRowPastIt() {
        String marker = "marker_pushed_limit";
        try (QueryResult result =
                client.query(Query.sql("select g /* " + marker + " */ from generate_series(1, 1000) g")
                        .maxRows(10))) {
            assertThat(result.next()).isTrue();
            String running = POSTGRES.psql(
                    database,
                    "select query from pg_stat_activity where pid <> pg_backend_pid()" + " and position('" + marker
                            + "' in query) > 0");
            assertThat(running).endsWith("limit 11");
        }
    }

    @Test
    void readsARowCountExactlyAtTheLimit() {
        try (QueryResult result =
                client.query(Query.sql("select g from generate_series(1, 10) g").maxRows(10))) {
            long sum = 0;
            while (result.next()) {
                sum += result.longValue(0);
            }
            assertThat(result.rowCount()).isEqualTo(10);
            assertThat(sum).isEqualTo(55);
        }
    }

    @Test
    void failsOneRowPastTheLimitSayingWhatWasRead() {
        try (QueryResult result = client.query(Query.sql("select g from generate_series(1, 11) g order by g desc")
                .maxRows(10))) {
            for (int row = 0; row < 10; row++) {
                assertThat(result.next()).isTrue();
                assertThat(result.longValue(0)).isEqualTo(11 - row);
            }
            ConnectionException failure = catchThrowableOfType(ConnectionException.class, result::next);
            assertThat(failure.category()).isEqualTo(ErrorCategory.LIMIT_EXCEEDED);
            assertThat(failure)
                    .hasMessageContaining("more than 10 rows")
                    .hasMessageContaining("stopped after reading 10 rows");
        }
    }

    @Test
    void limitsAQueryThatEndsInALineCommentOrASemicolon() {
        for (String sql : new String[] {"select 1 as one -- the end", "select 1 as one;\n; "}) {
            try (QueryResult result = client.query(Query.sql(sql).maxRows(5))) {
                assertThat(result.next()).as(sql).isTrue();
                assertThat(result.longValue(0)).isEqualTo(1);
                assertThat(result.next()).isFalse();
            }
        }
    }

    @Test
    void limitsAQueryWhoseGeometryIsProjectedToo() {
        try (QueryResult result = client.query(
                Query.sql("select g as id, ST_MakePoint(g, g) as geom from generate_series(1, 3) g -- points")
                        .maxRows(3))) {
            assertThat(result.next()).isTrue();
            assertThat(((Geometry) result.value("geom")).toWkt()).isEqualTo("POINT(1 1)");
            assertThat(result.next()).isTrue();
            assertThat(result.next()).isTrue();
            assertThat(result.next()).isFalse();
        }
    }
}
