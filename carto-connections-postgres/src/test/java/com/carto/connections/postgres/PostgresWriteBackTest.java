package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Catalog;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** createTable and dropTable on the real server: the temp location default and names that need quoting. */
class PostgresWriteBackTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    @Test
    void writesAOnePartNameIntoTheTempLocationCreatingItWhenMissing() {
        String database = POSTGRES.createDatabase("writeback", false);
        try (WarehouseClient client = PostgresClients.open(POSTGRES, database, Map.of())) {
            client.createTable(
                    List.of("result_1"),
                    Query.sql("select g from generate_series(1, :n) g").param("n", 3));
            assertThat(POSTGRES.psql(database, "select count(*) from carto_temp.result_1"))
                    .isEqualTo("3");
            client.dropTable(List.of("result_1"));
            assertThat(POSTGRES.psql(
                            database,
                            "select count(*) from information_schema.tables where table_schema = 'carto_temp'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void writesIntoAHostileTempLocationUnderAHostileName() {
        String database = POSTGRES.createDatabase("writeback", false);
        String location = "tmp \"q\"; drop schema public cascade; --";
        String table = "r'1 /* */ \\ ünï";
        try (WarehouseClient client = PostgresClients.open(POSTGRES, database, Map.of("tempLocation", location))) {
            client.createTable(List.of(table), Query.sql("select 1 as one"));
            assertThat(client.catalog()
                            .tables(database, location, PageRequest.first(10))
                            .items())
                    .extracting(Catalog.Table::name)
                    .containsExactly(table);
            client.dropTable(List.of(table));
            assertThat(client.catalog()
                            .tables(database, location, PageRequest.first(10))
                            .items())
                    .isEmpty();
        }
        assertThat(POSTGRES.psql(
                        database, "select count(*) from information_schema.schemata where schema_name = 'public'"))
                .isEqualTo("1");
    }

    @Test
    void truncatesNamesPastSixtyThreeBytesAsPostgresDocumentsAndDropsThemByTheSameName() {
        String database = POSTGRES.createDatabase("writeback", false);
        String longName = "é".repeat(150) + "_tail";
        // PostgreSQL keeps NAMEDATALEN - 1 = 63 bytes, cut at a character boundary: 31 two-byte characters.
        String kept = "é".repeat(31);
        assertThat(kept.getBytes(StandardCharsets.UTF_8)).hasSize(62);
        try (WarehouseClient client = PostgresClients.open(POSTGRES, database, Map.of())) {
            client.createTable(List.of("public", longName), Query.sql("select 1 as one"));
            assertThat(client.catalog()
                            .tables(database, "public", PageRequest.first(10))
                            .items())
                    .extracting(Catalog.Table::name)
                    .containsExactly(kept);
            client.dropTable(List.of("public", longName));
            assertThat(client.catalog()
                            .tables(database, "public", PageRequest.first(10))
                            .items())
                    .isEmpty();
        }
    }
}
