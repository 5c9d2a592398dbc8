package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.databricks.fake.StatementExecutionFake;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The fake's spatial functions for tiles, held to the service's argument checks and error conditions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakeTileFunctionsTest {
    private final TestClients clients = new TestClients();
    private final StatementExecutionFake fake = StatementExecutionFake.start(
            DatabricksProviderTest.TOKEN, DatabricksProviderTest.WAREHOUSE, Set.of("main"));
    private final WarehouseClient client = clients.open(fake.port());

    @AfterAll
    void stop() {
        client.close();
        fake.close();
        clients.close();
    }

    @Test
    void intersectsComparesGeometriesOfOneSridAndItsBoxesAreNullWhenEmpty() {
        try (QueryResult result = client.query(Query.sql("select"
                + " st_intersects(st_geomfromtext('POINT(1 1)', 3857), st_geomfromtext('POLYGON((0 0, 2 0, 2 2, 0 0))', 3857)) as `inside`,"
                + " st_intersects(st_geomfromtext('POINT(5 6)', 3857), st_geomfromtext('POLYGON((0 0, 2 0, 2 2, 0 0))', 3857)) as `outside`,"
                + " st_xmax(st_geomfromtext('LINESTRING(10 34, 44 57, 30 24)')) as `xmax`,"
                + " st_ymin(st_geomfromtext('POLYGON EMPTY')) as `empty`,"
                + " st_ymax(st_transform(st_geomfromtext('POINT(0 20037508.342789244)', 3857), 4326)) as `north`"))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("inside")).isEqualTo(true);
            assertThat(result.value("outside")).isEqualTo(false);
            assertThat(result.value("xmax")).isEqualTo(44.0);
            assertThat(result.value("empty")).isNull();
            assertThat(result.doubleValue(4)).isCloseTo(85.0511287798066, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void intersectsRefusesGeometriesOfDifferentSrids() {
        assertFails(
                "select st_intersects(st_geomfromtext('POINT(1 1)', 4326), st_geomfromtext('POINT(1 1)', 3857)) as `x`",
                "[ST_DIFFERENT_SRID_VALUES]");
    }

    @Test
    void aFunctionCalledWithTheWrongNumberOfArgumentsIsRefused() {
        assertFails("select st_intersects(st_geomfromtext('POINT(1 1)')) as `x`", "[WRONG_NUM_ARGS");
    }

    @Test
    void aFunctionCalledWithAStringForAGeometryIsRefusedNotConverted() {
        assertFails(
                "select st_intersects('POINT(1 1)', st_geomfromtext('POINT(1 1)')) as `x`",
                "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE]");
    }

    @Test
    void textThatIsNotWktIsRefused() {
        assertFails("select st_geomfromtext('POLYGON((0 0, 1', 4326) as `g`", "[WKT_PARSE_ERROR]");
    }

    @Test
    void aTransformationTheFakeDoesNotKnowIsRefused() {
        assertFails(
                "select st_xmin(st_transform(st_geomfromtext('POINT(1 1)', 4326), 27700)) as `x`",
                "[ST_INVALID_CRS_TRANSFORMATION_ERROR]");
    }

    private void assertFails(String sql, String errorClass) {
        assertThatThrownBy(() -> client.query(Query.sql(sql)).close())
                .isInstanceOf(ConnectionException.class)
                .satisfies(failure -> assertThat(causeMessages(failure)).contains(errorClass, "SQLSTATE: "));
    }

    private static String causeMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
