package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BigQueryCatalogTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    private static final String PROJECT = FakeBigQuery.PROJECT;
    private static WarehouseClient client;

    @BeforeAll
    static void createDatasets() {
        for (String dataset : List.of("alpha_one", "Alpha_Two", "beta", "gamma", "alpha_three")) {
            CONNECTIONS.fake.engine().h2("create schema \"" + dataset + "\"");
        }
        CONNECTIONS
                .fake
                .engine()
                .h2("create table \"beta\".\"parcels\" (id bigint not null, geom geometry, tags varchar array,"
                        + " price numeric(12, 2), seen timestamp with time zone)");
        client = CONNECTIONS.serviceAccountClient();
    }

    @Test
    void listsTheProjectsTheCredentialsSee() {
        assertThat(client.catalog().databases(PageRequest.first(10)).items())
                .extracting(Catalog.Database::name)
                .containsExactly(PROJECT);
    }

    @Test
    void pagesThroughDatasetsWithBigQuerysPageTokens() {
        List<String> names = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        int pages = 0;
        while (true) {
            Page<Catalog.Schema> page = client.catalog().schemas(PROJECT, request);
            pages++;
            page.items().forEach(schema -> names.add(schema.name()));
            if (!page.hasNext()) {
                break;
            }
            request = request.after(page.nextPageToken().orElseThrow());
        }
        assertThat(names).containsSubsequence("Alpha_Two", "alpha_one", "alpha_three", "beta", "gamma");
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void filtersDatasetsByNameIgnoringCase() {
        assertThat(client.catalog()
                        .schemas(PROJECT, PageRequest.first(100).nameContains("ALPHA"))
                        .items())
                .extracting(Catalog.Schema::name)
                .containsExactlyInAnyOrder("alpha_one", "Alpha_Two", "alpha_three");
    }

    @Test
    void describesColumnsWithTheirNormalizedAndNativeTypes() {
        assertThat(client.catalog()
                        .columns(PROJECT, "beta", "parcels", PageRequest.first(10))
                        .items())
                .extracting(
                        Catalog.TableColumn::name,
                        Catalog.TableColumn::type,
                        Catalog.TableColumn::nativeType,
                        Catalog.TableColumn::nullable,
                        Catalog.TableColumn::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", ColumnType.INTEGER, "INT64", false, 1),
                        org.assertj.core.groups.Tuple.tuple("geom", ColumnType.GEOMETRY, "GEOGRAPHY", true, 2),
                        org.assertj.core.groups.Tuple.tuple("tags", ColumnType.ARRAY, "ARRAY<STRING>", true, 3),
                        org.assertj.core.groups.Tuple.tuple("price", ColumnType.DECIMAL, "NUMERIC", true, 4),
                        org.assertj.core.groups.Tuple.tuple(
                                "seen", ColumnType.TIMESTAMP_WITH_TIME_ZONE, "TIMESTAMP", true, 5));
    }

    @Test
    void reportsAMissingTableAsNotFound() {
        assertThatThrownBy(() -> client.catalog().columns(PROJECT, "beta", "no_such_table", PageRequest.first(10)))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void reportsAMissingDatasetAsNotFound() {
        assertThatThrownBy(() -> client.catalog().tables(PROJECT, "no_such_dataset", PageRequest.first(10)))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void writesBackAndReadsATableWhoseNameNeedsEscaping() {
        String table = "we`ird\\name \"x\"";
        client.createTable(List.of("gamma", table), Query.sql("select cast(7 as bigint) as n"));
        try {
            assertThat(client.catalog()
                            .tables(PROJECT, "gamma", PageRequest.first(10).nameContains("ird"))
                            .items())
                    .extracting(Catalog.Table::name, Catalog.Table::kind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(table, "TABLE"));
            String name = new BigQueryProvider().dialect().qualifiedName(List.of(PROJECT, "gamma", table));
            try (QueryResult rows = client.query(Query.sql("select n from " + name))) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.value(0)).isEqualTo(7L);
            }
        } finally {
            client.dropTable(List.of("gamma", table));
        }
        assertThat(client.catalog()
                        .tables(PROJECT, "gamma", PageRequest.first(10))
                        .items())
                .isEmpty();
    }

    @Test
    void refusesToWriteBackOverAnExistingTable() {
        client.createTable(List.of("gamma", "once"), Query.sql("select cast(1 as bigint) as n"));
        try {
            assertThatThrownBy(() ->
                            client.createTable(List.of("gamma", "once"), Query.sql("select cast(2 as bigint) as n")))
                    .isInstanceOfSatisfying(
                            ConnectionException.class,
                            failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.CONFLICT));
        } finally {
            client.dropTable(List.of("gamma", "once"));
        }
    }
}
