package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Values read when asked for: the primitive accessors, NULL, and a value asked for twice. */
class PostgresResultAccessorsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        client = PostgresClients.open(POSTGRES, POSTGRES.createDatabase("accessors", true), Map.of());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void readsIntegersAndFloatsAsPrimitivesAndTellsZeroFromNull() {
        try (QueryResult result = client.query(
                Query.sql("select * from (values (7::int8, 2.5::float8), (0, 0), (null, null)) as v (i, f)"))) {
            assertThat(result.next()).isTrue();
            assertThat(result.longValue(0)).isEqualTo(7);
            assertThat(result.doubleValue(1)).isEqualTo(2.5);
            assertThat(result.isNull(0)).isFalse();
            assertThat(result.next()).isTrue();
            assertThat(result.longValue(0)).isZero();
            assertThat(result.isNull(0)).isFalse();
            assertThat(result.isNull(1)).isFalse();
            assertThat(result.next()).isTrue();
            assertThat(result.longValue(0)).isZero();
            assertThat(result.isNull(0)).isTrue();
            assertThat(result.isNull(1)).isTrue();
            assertThat(result.value(1)).isNull();
        }
    }

    @Test
    void decodesAValueAskedForTwiceOnce() {
        try (QueryResult result = client.query(Query.sql("select ST_MakePoint(1, 2) as geom, 'x' as s"))) {
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isSameAs(result.value(0));
            assertThat(result.value(1)).isEqualTo("x");
        }
    }

    @Test
    void readsTheSameValuesWithAndWithoutAByteLimit() {
        String sql = "select g, g * 0.5::float8 as half, md5(g::text) as label from generate_series(1, 1000) g";
        try (QueryResult lazy = client.query(Query.sql(sql));
                QueryResult counted = client.query(Query.sql(sql).maxBytes(1_000_000))) {
            while (lazy.next()) {
                assertThat(counted.next()).isTrue();
                assertThat(counted.values()).isEqualTo(lazy.values());
                assertThat(counted.longValue(0)).isEqualTo(lazy.longValue(0));
                assertThat(counted.doubleValue(1)).isEqualTo(lazy.doubleValue(1));
            }
            assertThat(counted.next()).isFalse();
        }
    }
}
