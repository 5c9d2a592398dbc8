package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.carto.connections.Providers;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parameters through the real driver: column types come from the statement that ran with the values bound (the
 * driver's description of an unbound {@code ?} says text), and geometry goes as Redshift's {@code ST_GeomFromEWKB}
 * takes it. The contract's round trips cover every documented type; these cover what is Redshift's own.
 */
class RedshiftParameterTypesTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    private static ScheduledExecutorService scheduler;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        RedshiftProvider provider = RedshiftStandIn.provider();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        client = provider.open(
                Providers.of(provider)
                        .settings("parameters", "redshift", "password", RedshiftStandIn.passwordProperties(), Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterAll
    static void close() {
        client.close();
        scheduler.shutdownNow();
    }

    @Test
    void typesAParameterBesideAGeometryColumnFromTheStatementThatRanAndKeepsTheQuerysColumnNames() {
        Query query = Query.sql("select ? as amount, ST_SetSRID(ST_MakePoint(1, 2), 4326) as geom, ? as flag")
                .params(5L, true);
        try (QueryResult result = client.query(query)) {
            assertThat(result.columns())
                    .extracting(Column::name, Column::type)
                    .containsExactly(
                            tuple("amount", ColumnType.INTEGER),
                            tuple("geom", ColumnType.GEOMETRY),
                            tuple("flag", ColumnType.BOOLEAN));
            assertThat(result.next()).isTrue();
            assertThat(result.value("amount")).isEqualTo(5L);
            assertThat(((Geometry) result.value("geom")).toWkt()).isEqualTo("POINT(1 2)");
            assertThat(result.value("flag")).isEqualTo(true);
        }
    }

    @Test
    void comparesAGeometryParameterWithAGeometryInTheQuery() {
        Query query = Query.sql("select ST_Equals(?, ST_GeomFromText('POINT(1 2)', 4326)) as same")
                .param(Geometry.ofWkt("POINT(1 2)", 4326));
        try (QueryResult result = client.query(query)) {
            assertThat(result.next()).isTrue();
            assertThat(result.value("same")).isEqualTo(true);
        }
    }

    @Test
    void standInRefusesGeometryBytesAsRedshiftWhoseStGeomFromEwkbTakesHexText() {
        Query query = Query.sql("select ST_GeomFromEWKB(?) as geom")
                .param(Geometry.ofWkt("POINT(1 2)", 4326).ewkb());
        assertThatThrownBy(() -> client.query(query).close())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("st_geomfromewkb");
    }
}
