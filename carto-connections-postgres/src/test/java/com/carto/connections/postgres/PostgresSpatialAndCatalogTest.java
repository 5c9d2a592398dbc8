package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Providers;
import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
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

/** PostGIS values and awkward names through the provider, against the real server. */
class PostgresSpatialAndCatalogTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static ScheduledExecutorService scheduler;
    private static WarehouseClient client;
    private static String database;

    @BeforeAll
    static void open() {
        database = POSTGRES.createDatabase("spatial", true);
        POSTGRES.psql(database, """
                create table places (id int primary key, name text, geom geometry(Geometry, 3857), location geography(Point, 4326));
                insert into places values
                  (1, 'square', ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))', 3857), 'SRID=4326;POINT(-3.7 40.4)'),
                  (2, 'nothing', null, null);
                """);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        client = new PostgresProvider()
                .open(
                        Providers.of(new PostgresProvider())
                                .settings(
                                        "spatial",
                                        "postgres",
                                        "password",
                                        Map.of(
                                                "host",
                                                POSTGRES.host(),
                                                "port",
                                                POSTGRES.port(),
                                                "database",
                                                database,
                                                "username",
                                                POSTGRES.superuser(),
                                                "password",
                                                POSTGRES.superuserPassword(),
                                                "sslMode",
                                                "disable"),
                                        Map.of()),
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
                    .extracting(column -> column.type())
                    .containsExactly(ColumnType.INTEGER, ColumnType.GEOMETRY, ColumnType.GEOMETRY);
            assertThat(result.columns())
                    .extracting(column -> column.nativeType())
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
    void keepsDuplicateColumnNamesAndOrderWhenGeometryIsRewritten() {
        try (QueryResult result = client.query(
                Query.sql("select 1 as a, geom as a, 'x' as \"Odd \"\"name\"\"\" from places where id = ?;")
                        .param(1))) {
            assertThat(result.columns()).extracting(column -> column.name()).containsExactly("a", "a", "Odd \"name\"");
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(1L);
            assertThat(result.value(1)).isInstanceOf(Geometry.class);
            assertThat(result.value(2)).isEqualTo("x");
        }
    }

    @Test
    void normalizesJsonArraysAndBytes() {
        try (QueryResult result = client.query(
                Query.sql("select '{\"a\": 1}'::jsonb as j, array[1, 2, 3] as arr, '\\xdeadbeef'::bytea as raw"))) {
            assertThat(result.columns())
                    .extracting(column -> column.type())
                    .containsExactly(ColumnType.JSON, ColumnType.ARRAY, ColumnType.BYTES);
            assertThat(result.next()).isTrue();
            assertThat(result.value("j")).isEqualTo("{\"a\": 1}");
            assertThat(result.value("arr")).isEqualTo(List.of(1L, 2L, 3L));
            assertThat(result.value("raw")).isEqualTo(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
        }
    }

    @Test
    void browsesHostileIdentifiersBackUnchanged() {
        String schema = "Ünïcode \"sch€ma\"; --";
        String table = "t'able /* x */ \\ ; drop table places";
        client.createTable(List.of(schema, table), Query.sql("select 1 as \"col\"\"umn\""));
        Catalog catalog = client.catalog();
        assertThat(catalog.schemas(database, PageRequest.first(100).nameContains("sch€ma"))
                        .items())
                .extracting(Catalog.Schema::name)
                .containsExactly(schema);
        assertThat(catalog.tables(database, schema, PageRequest.first(10)).items())
                .extracting(Catalog.Table::name)
                .containsExactly(table);
        assertThat(catalog.columns(database, schema, table, PageRequest.first(10))
                        .items())
                .extracting(Catalog.TableColumn::name)
                .containsExactly("col\"umn");
        client.dropTable(List.of(schema, table));
        assertThat(POSTGRES.psql(database, "select count(*) from places")).isEqualTo("2");
    }

    @Test
    void warnsButPassesTheCheckOfADatabaseWithoutPostgis() {
        String plain = POSTGRES.createDatabase("plain", false);
        try (WarehouseClient plainClient = new PostgresProvider()
                .open(
                        Providers.of(new PostgresProvider())
                                .settings(
                                        "plain",
                                        "postgres",
                                        "password",
                                        Map.of(
                                                "host",
                                                POSTGRES.host(),
                                                "port",
                                                POSTGRES.port(),
                                                "database",
                                                plain,
                                                "username",
                                                POSTGRES.superuser(),
                                                "password",
                                                POSTGRES.superuserPassword(),
                                                "sslMode",
                                                "disable"),
                                        Map.of()),
                        new ProviderContext(scheduler, Clock.systemUTC()))) {
            CheckReport report = plainClient.check(CheckOptions.defaults());
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(report.warnings()).singleElement().satisfies(warning -> {
                assertThat(warning.stage()).isEqualTo(CheckStage.SPATIAL_SUPPORT);
                assertThat(warning.category()).contains(ErrorCategory.UNSUPPORTED);
                assertThat(warning.hint())
                        .hasValueSatisfying(hint -> assertThat(hint).contains("CREATE EXTENSION postgis"));
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
                        org.assertj.core.groups.Tuple.tuple("id", ColumnType.INTEGER),
                        org.assertj.core.groups.Tuple.tuple("name", ColumnType.STRING),
                        org.assertj.core.groups.Tuple.tuple("geom", ColumnType.GEOMETRY),
                        org.assertj.core.groups.Tuple.tuple("location", ColumnType.GEOMETRY));
    }
}
