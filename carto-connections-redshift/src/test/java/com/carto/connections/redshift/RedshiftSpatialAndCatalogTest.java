package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spatial values and catalog browsing through the provider, the driver and the proxy, against PostGIS. */
class RedshiftSpatialAndCatalogTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = RedshiftStandIn.postgres();

    private static ScheduledExecutorService scheduler;
    private static WarehouseClient client;
    private static String database;

    @BeforeAll
    static void open() {
        database = RedshiftStandIn.createDatabase("redshift_spatial", true);
        POSTGRES.psql(database, """
                create table places (id int primary key, name varchar(20), geom geometry(Geometry, 3857), location geography(Point, 4326));
                insert into places values
                  (1, 'square', ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))', 3857), 'SRID=4326;POINT(-3.7 40.4)'),
                  (2, 'nothing', null, null);
                """);
        POSTGRES.psql(
                database,
                "grant all on database " + database + " to " + RedshiftStandIn.role()
                        + "; grant all on schema public to " + RedshiftStandIn.role()
                        + "; grant select on places to " + RedshiftStandIn.role());
        Map<String, Object> properties = RedshiftStandIn.passwordProperties();
        properties.put("database", database);
        RedshiftProvider provider = RedshiftStandIn.provider();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        client = provider.open(
                Providers.of(provider).settings("spatial", "redshift", "password", properties, Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterAll
    static void close() {
        client.close();
        scheduler.shutdownNow();
    }

    @Test
    void readsGeometryAndGeographyColumnsAsWkbWithTheirSrids() {
        try (QueryResult result = client.query(Query.sql("select id, geom, location from places order by id"))) {
            assertThat(result.columns())
                    .extracting(Column::type)
                    .containsExactly(ColumnType.INTEGER, ColumnType.GEOMETRY, ColumnType.GEOMETRY);
            assertThat(result.columns())
                    .extracting(Column::nativeType)
                    .containsExactly("int4", "geometry", "geography");
            assertThat(result.next()).isTrue();
            Geometry square = (Geometry) result.value("geom");
            assertThat(square.srid()).isEqualTo(3857);
            assertThat(square.toJts().getArea()).isEqualTo(100.0);
            Geometry location = (Geometry) result.value("location");
            assertThat(location.srid()).isEqualTo(4326);
            assertThat(location.toWkt()).isEqualTo("POINT(-3.7 40.4)");
            assertThat(result.next()).isTrue();
            assertThat(result.value("geom")).isNull();
            assertThat(result.value("location")).isNull();
        }
    }

    @Test
    void keepsDuplicateColumnNamesOrderAndParametersWhenGeometryIsRewritten() {
        try (QueryResult result = client.query(
                Query.sql("select 1 as a, geom as a, name as \"Odd \"\"name\"\"\" from places where id = ?;")
                        .param(1))) {
            assertThat(result.columns()).extracting(Column::name).containsExactly("a", "a", "Odd \"name\"");
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(1L);
            assertThat(result.value(1)).isInstanceOf(Geometry.class);
            assertThat(result.value(2)).isEqualTo("square");
        }
    }

    @Test
    void warnsButPassesTheCheckOfADatabaseWithoutSpatialFunctions() {
        String plain = RedshiftStandIn.createDatabase("redshift_plain", false);
        Map<String, Object> properties = RedshiftStandIn.passwordProperties();
        properties.put("database", plain);
        RedshiftProvider provider = RedshiftStandIn.provider();
        try (WarehouseClient plainClient = provider.open(
                Providers.of(provider).settings("plain", "redshift", "password", properties, Map.of()),
                new ProviderContext(scheduler, Clock.systemUTC()))) {
            CheckReport report = plainClient.check(CheckOptions.defaults());
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(report.warnings()).singleElement().satisfies(warning -> {
                assertThat(warning.stage()).isEqualTo(CheckStage.SPATIAL_SUPPORT);
                assertThat(warning.category()).contains(ErrorCategory.UNSUPPORTED);
                assertThat(warning.hint())
                        .hasValueSatisfying(hint -> assertThat(hint).contains("GEOMETRY"));
            });
        }
    }

    @Test
    void reportsGeometryColumnsInTheCatalog() {
        assertThat(client.catalog()
                        .columns(database, "public", "places", PageRequest.first(10))
                        .items())
                .extracting(Catalog.TableColumn::name, Catalog.TableColumn::type)
                .containsExactly(
                        tuple("id", ColumnType.INTEGER),
                        tuple("name", ColumnType.STRING),
                        tuple("geom", ColumnType.GEOMETRY),
                        tuple("location", ColumnType.GEOMETRY));
    }

    @Test
    void listsExternalSchemasAndTablesFromRedshiftsOwnCatalogViews() {
        Catalog catalog = client.catalog();
        assertThat(catalog.schemas(database, PageRequest.first(10).nameContains("spectrum"))
                        .items())
                .extracting(Catalog.Schema::name)
                .containsExactly("spectrum_sales");
        assertThat(catalog.tables(database, "spectrum_sales", PageRequest.first(10))
                        .items())
                .extracting(Catalog.Table::name, Catalog.Table::kind)
                .containsExactly(tuple("sales", "EXTERNAL TABLE"));
        assertThat(catalog.columns(database, "spectrum_sales", "sales", PageRequest.first(10))
                        .items())
                .extracting(Catalog.TableColumn::name, Catalog.TableColumn::type, Catalog.TableColumn::nullable)
                .containsExactly(
                        tuple("amount", ColumnType.DECIMAL, true), tuple("sold_at", ColumnType.TIMESTAMP, false));
    }

    @Test
    void writesBackAndBrowsesAwkwardNamesUnchanged() {
        String schema = "carto temp \"x\"; --";
        String table = "t'able /* x */";
        client.createTable(
                List.of(schema, table),
                Query.sql("select id, geom from places where id = ?").param(1));
        try {
            Catalog catalog = client.catalog();
            assertThat(catalog.databases(PageRequest.first(10)).items())
                    .extracting(Catalog.Database::name)
                    .containsExactly(database);
            assertThat(catalog.schemas(database, PageRequest.first(10).nameContains("temp \"x"))
                            .items())
                    .extracting(Catalog.Schema::name)
                    .containsExactly(schema);
            assertThat(catalog.tables(database, schema, PageRequest.first(10)).items())
                    .extracting(Catalog.Table::name)
                    .containsExactly(table);
            try (QueryResult rows = client.query(
                    Query.sql("select geom from " + RedshiftDialect.INSTANCE.qualifiedName(List.of(schema, table))))) {
                assertThat(rows.next()).isTrue();
                assertThat(((Geometry) rows.value(0)).srid()).isEqualTo(3857);
            }
        } finally {
            client.dropTable(List.of(schema, table));
        }
    }
}
