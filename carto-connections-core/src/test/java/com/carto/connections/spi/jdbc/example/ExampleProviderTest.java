package com.carto.connections.spi.jdbc.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.PropertyValues;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The package doc's provider, as a user would run it: against the real PostgreSQL with PostGIS. */
class ExampleProviderTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final Path PACKAGE_DOC = Path.of("src/main/java/com/carto/connections/spi/jdbc/package-info.java");
    private static final Path SOURCE =
            Path.of("src/test/java/com/carto/connections/spi/jdbc/example/ExampleProvider.java");

    private static ScheduledExecutorService scheduler;
    private static WarehouseClient client;

    @BeforeAll
    static void open() {
        String database = POSTGRES.createDatabase("example", true);
        POSTGRES.psql(
                database,
                "create table parcels (id int, zone text, geom geometry(Polygon, 3857));"
                        + " insert into parcels values (1, 'R1', 'SRID=3857;POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))')");
        ExampleProvider provider = new ExampleProvider();
        ConnectionSettings settings = new ConnectionSettings(
                "example",
                ExampleProvider.PASSWORD_METHOD,
                PropertyValues.parse(
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
                                Secret.of(POSTGRES.superuserPassword())),
                        ExampleProvider.PASSWORD_METHOD.properties()),
                AdvancedOptions.defaults(provider.dialect()),
                "owner");
        scheduler = Executors.newSingleThreadScheduledExecutor();
        client = provider.open(settings, new ProviderContext(scheduler, Clock.systemUTC()));
    }

    @AfterAll
    static void close() {
        client.close();
        scheduler.shutdownNow();
    }

    @Test
    void packageDocShowsTheExampleExactlyAsItCompiles() throws IOException {
        String doc = Files.readString(PACKAGE_DOC);
        String shown = doc.substring(doc.indexOf("<pre>\n") + "<pre>\n".length(), doc.indexOf(" * </pre>"))
                .lines()
                .map(line -> line.startsWith(" * ") ? line.substring(3) : line.substring(2))
                .map(line -> line.replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&#64;", "@")
                        .replace("&amp;", "&"))
                .collect(Collectors.joining("\n"));
        String source = Files.readString(SOURCE);
        String compiled = source.substring(
                        source.indexOf("// example:start\n") + "// example:start\n".length(),
                        source.indexOf("// example:end"))
                .stripTrailing();
        assertThat(shown).isEqualTo(compiled);
    }

    @Test
    void passesEveryCheckStageItRuns() {
        CheckReport report = client.check(CheckOptions.defaults().withWriteTest());
        assertThat(report.failure()).as(report.summary()).isEmpty();
        assertThat(report.stage(CheckStage.SPATIAL_SUPPORT).status()).isEqualTo(StageResult.Status.PASSED);
    }

    @Test
    void readsGeometryAsWkbBesideItsSrid() {
        try (QueryResult result = client.query(
                Query.sql("select id, geom from parcels where zone = :zone").param("zone", "R1"))) {
            assertThat(result.next()).isTrue();
            Geometry parcel = (Geometry) result.value("geom");
            assertThat(parcel.srid()).isEqualTo(3857);
            assertThat(parcel.toJts().getArea()).isEqualTo(16.0);
            assertThat(result.next()).isFalse();
        }
    }
}
