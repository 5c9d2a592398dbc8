package com.carto.connections.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PostgresFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the runnable jar, run in a child JVM against an embedded store whose connections point at the
 * real PostgreSQL + PostGIS of core's fixture.
 */
class CliEndToEndIT {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    static final String CANARY = "canary-Pw-7f3e1b9d";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;

    static Path store;
    static String database;
    static String role;

    @BeforeAll
    static void seed() throws Exception {
        database = POSTGRES.createDatabase("cli", true);
        role = POSTGRES.createRole("cli_reader", CANARY);
        POSTGRES.psql(
                database,
                "create table parcels (id int primary key, name text, zone text, geom geometry(Point, 4326));"
                        + "insert into parcels values (1, 'Sol', 'R1', 'SRID=4326;POINT(-3.7 40.4)'),"
                        + " (2, 'Gran Via', 'C2', 'SRID=4326;POINT(-3.71 40.42)'),"
                        + " (3, 'Retiro', 'R1', 'SRID=4326;POINT(-3.68 40.41)');"
                        + "grant select on parcels to \"" + role + "\";");
        store = directory.resolve("store");
        Path definitions = write(
                "seed.json",
                definitions(
                        connection("gis-prod", role, "env:GIS_PASSWORD", "{\"mode\":\"PRIVATE\",\"groups\":[]}"),
                        connection("gis-bad", role, "env:BAD_PASSWORD", "{\"mode\":\"PRIVATE\",\"groups\":[]}"),
                        connection("gis-shared", role, "env:GIS_PASSWORD", "{\"mode\":\"PRIVATE\"}")));
        CliProcess.Result imported = CliProcess.run(
                Map.of("GIS_PASSWORD", CANARY, "BAD_PASSWORD", "not-the-password"),
                "import",
                "--store",
                store.toString(),
                "--user",
                "alice",
                "--org",
                "acme",
                "--skip-live-check",
                definitions.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }

    static String connection(String name, String username, String passwordReference, String sharing) {
        return "{\"name\":\"" + name + "\",\"provider\":\"postgres\",\"authMethod\":\"password\","
                + "\"properties\":{\"host\":\"" + POSTGRES.host() + "\",\"port\":" + POSTGRES.port()
                + ",\"database\":\"" + database + "\",\"username\":\"" + username + "\",\"sslMode\":\"disable\"},"
                + "\"advanced\":{},\"sharing\":" + sharing + ",\"secrets\":{\"password\":\"" + passwordReference
                + "\"}}";
    }

    static String definitions(String... connections) {
        return "{\"format\":\"carto-connections/definitions\",\"version\":1,\"connections\":["
                + String.join(",", connections) + "]}";
    }

    static Path write(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content);
    }

    static CliProcess.Result as(String user, String... args) {
        return asWith(user, Map.of(), args);
    }

    static CliProcess.Result asWith(String user, Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString(), "--user", user, "--org", "acme"));
        Map<String, String> env = new HashMap<>(environment);
        return CliProcess.run(env, all.toArray(String[]::new));
    }

    @Test
    void helpReadsLikeAManPageWithExitCodesAndEnvironment() {
        CliProcess.Result help = CliProcess.run(Map.of(), "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout())
                .contains("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT CODES", "ENVIRONMENT")
                .contains("EXAMPLES", "CARTO_CONNECTIONS_KEYS", "11   AUTHENTICATION");
    }

    @Test
    void eachCommandsHelpHasItsSynopsisOptionsExitCodesAndExamples() {
        for (String command : List.of(
                "providers",
                "list",
                "show",
                "create",
                "update",
                "delete",
                "check",
                "query",
                "share",
                "rotate-keys",
                "export",
                "import")) {
            CliProcess.Result help = CliProcess.run(Map.of(), command, "--help");

            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.stdout())
                    .as(command)
                    .contains("SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT CODES", "ENVIRONMENT", "EXAMPLES")
                    .contains("carto-connections " + command);
        }
    }

    @Test
    void providersListsThePostgresAndRedshiftProvidersTheJarCarries() {
        CliProcess.Result providers = CliProcess.run(Map.of(), "providers");

        assertThat(providers.exitCode()).isZero();
        assertThat(providers.stdout().lines().map(line -> line.split("\\s+")[0]))
                .containsExactlyInAnyOrder("postgres", "redshift");
    }

    @Test
    void anUnknownOptionExitsWithTheUsageCodeNamingIt() {
        CliProcess.Result result = as("alice", "list", "--colour", "red");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--colour");
    }

    @Test
    void aMissingUserExitsWithInvalidConfigurationNamingTheOption() {
        CliProcess.Result result = CliProcess.run(Map.of(), "list", "--store", store.toString(), "--org", "acme");

        assertThat(result.exitCode()).isEqualTo(10);
        assertThat(result.stderr()).contains("INVALID_CONFIGURATION", "--user");
    }

    @Test
    void aBlankUserIsRefusedNamingTheOptionNotTheSdksField() {
        CliProcess.Result result = as(" ", "list");

        assertThat(result.exitCode()).isEqualTo(10);
        assertThat(result.stderr())
                .contains("--user must be 1 to 255 characters")
                .doesNotContain("userId");
    }

    @Test
    void aRoleThatDoesNotExistIsAUsageErrorNamingTheOption() {
        CliProcess.Result result = as("alice", "list", "--role", "king");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--role", "king");
    }

    @Test
    void listShowsTheConnectionsTheOwnerSeesWithWhy() {
        CliProcess.Result list = as("alice", "list");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout().lines().filter(line -> line.startsWith("gis-prod ")))
                .singleElement()
                .satisfies(line ->
                        assertThat(line.split("\\s+")).startsWith("gis-prod", "postgres", "alice", "PRIVATE", "OWNER"));
    }

    @Test
    void listAsJsonIsAnArrayOfConnectionsWithSecretsMasked() throws Exception {
        CliProcess.Result list = as("alice", "list", "--output", "json", "--name-contains", "prod");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode array = JSON.readTree(list.stdout());
        assertThat(array).hasSize(1);
        assertThat(array.get(0).path("name").asText()).isEqualTo("gis-prod");
        assertThat(array.get(0).path("secrets").path("password").asText()).isEqualTo("********");
    }

    @Test
    void showPrintsTheSettingsAndMasksEverySecret() {
        CliProcess.Result show = as("alice", "show", "gis-prod");

        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.stdout())
                .contains("provider     postgres (password)")
                .contains("username", role)
                .containsPattern("password\\s+\\*{8}");
    }

    @Test
    void showAsJsonGivesEachSecretOnlyTheMask() throws Exception {
        CliProcess.Result show = as("alice", "show", "gis-prod", "--output", "json");

        JsonNode connection = JSON.readTree(show.stdout());
        assertThat(connection.path("secrets").properties())
                .singleElement()
                .satisfies(entry -> assertThat(entry.getValue().asText()).isEqualTo("********"));
        assertThat(connection.path("properties").path("port").asInt()).isEqualTo(POSTGRES.port());
    }

    @Test
    void aConnectionNobodySharedWithTheUserIsNotFound() {
        CliProcess.Result show = as("carol", "show", "gis-prod");

        assertThat(show.exitCode()).isEqualTo(13);
        assertThat(show.stderr()).contains("NOT_FOUND", "gis-prod");
    }

    @Test
    void checkPrintsTheStageTableAndExitsZeroWhenEveryStagePasses() {
        CliProcess.Result check = as("alice", "check", "gis-prod");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.stdout())
                .containsPattern("AUTHENTICATE\\s+PASSED")
                .containsPattern("SPATIAL_SUPPORT\\s+PASSED")
                .contains("result: ok");
    }

    @Test
    void checkWithAWrongPasswordFailsAtAuthenticateAndExitsWithTheAuthenticationCode() {
        CliProcess.Result check = as("alice", "check", "gis-bad");

        assertThat(check.exitCode()).as(check.toString()).isEqualTo(11);
        assertThat(check.stdout())
                .containsPattern("AUTHENTICATE\\s+FAILED\\s+\\d+\\s+AUTHENTICATION")
                .contains("result: failed");
    }

    @Test
    void queryAsJsonWritesTheSqlApiDocument() throws Exception {
        CliProcess.Result query = as(
                "alice",
                "query",
                "gis-prod",
                "select id, name from parcels where zone = :zone order by id",
                "--param",
                "zone=R1");

        assertThat(query.exitCode()).as(query.toString()).isZero();
        JsonNode document = JSON.readTree(query.stdout());
        assertThat(document.path("rows").findValuesAsText("name")).containsExactly("Sol", "Retiro");
        assertThat(document.path("meta").path("rowCount").asInt()).isEqualTo(2);
    }

    @Test
    void queryAsGeoJsonWritesAFeatureCollectionWithTheGeometries() throws Exception {
        CliProcess.Result query = as(
                "alice", "query", "gis-prod", "select id, name, geom from parcels order by id", "--format", "geojson");

        assertThat(query.exitCode()).as(query.toString()).isZero();
        JsonNode collection = JSON.readTree(query.stdout());
        assertThat(collection.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(collection.path("features")).hasSize(3);
        JsonNode first = collection.path("features").get(0);
        assertThat(first.path("geometry").path("type").asText()).isEqualTo("Point");
        assertThat(first.path("geometry").path("coordinates").get(0).asDouble()).isEqualTo(-3.7);
        assertThat(first.path("properties").path("name").asText()).isEqualTo("Sol");
    }

    @Test
    void queryAsCsvWritesAHeaderAndGeometryAsWkt() {
        CliProcess.Result query = as(
                "alice",
                "query",
                "gis-prod",
                "select id, geom from parcels where id = ?::int",
                "--arg",
                "1",
                "--format",
                "csv");

        assertThat(query.exitCode()).as(query.toString()).isZero();
        assertThat(query.stdout()).isEqualTo("id,geom\r\n1,POINT(-3.7 40.4)\r\n");
    }

    @Test
    void queryAsNdjsonWritesOneObjectARow() throws Exception {
        CliProcess.Result query =
                as("alice", "query", "gis-prod", "select id from parcels order by id", "--format", "ndjson");

        assertThat(query.exitCode()).as(query.toString()).isZero();
        List<String> lines = query.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(2)).path("id").asInt()).isEqualTo(3);
    }

    @Test
    void queryPastMaxRowsExitsWithTheLimitExceededCode() {
        CliProcess.Result query =
                as("alice", "query", "gis-prod", "select id from parcels", "--format", "ndjson", "--max-rows", "2");

        assertThat(query.exitCode()).isEqualTo(16);
        assertThat(query.stderr()).contains("LIMIT_EXCEEDED");
    }

    @Test
    void aMalformedTimeoutExitsWithInvalidConfigurationNamingTheOption() {
        CliProcess.Result query = as("alice", "query", "gis-prod", "select 1", "--timeout", "soon");

        assertThat(query.exitCode()).isEqualTo(10);
        assertThat(query.stderr()).contains("--timeout");
    }

    @Test
    void sharingWithAGroupLetsItsMembersSeeAndQueryIt() {
        CliProcess.Result shared = as("alice", "share", "gis-shared", "groups", "analysts");
        CliProcess.Result bob = as("bob", "list", "--group", "analysts");
        CliProcess.Result query = as(
                "bob",
                "query",
                "gis-shared",
                "select count(*) as n from parcels",
                "--group",
                "analysts",
                "--format",
                "ndjson");
        CliProcess.Result carol = as("carol", "query", "gis-shared", "select 1", "--group", "sales");

        assertThat(shared.exitCode()).as(shared.toString()).isZero();
        assertThat(shared.stdout()).contains("gis-shared is shared: GROUPS analysts");
        assertThat(bob.stdout()).containsPattern("gis-shared\\s+postgres\\s+alice\\s+GROUPS analysts\\s+GROUP");
        assertThat(query.stdout()).isEqualTo("{\"n\":3}\n");
        assertThat(carol.exitCode()).isEqualTo(13);
    }

    @Test
    void groupsModeWithoutAGroupExitsWithInvalidConfigurationNamingTheField() {
        CliProcess.Result shared = as("alice", "share", "gis-prod", "groups");

        assertThat(shared.exitCode()).isEqualTo(10);
        assertThat(shared.stderr()).contains("sharing.groups");
    }

    @Test
    void onlyTheOwnerShares() {
        CliProcess.Result shared = as("bob", "share", "gis-prod", "organization", "--group", "analysts");

        assertThat(shared.exitCode()).isIn(12, 13);
        assertThat(shared.stderr()).containsAnyOf("PERMISSION_DENIED", "NOT_FOUND");
    }

    @Test
    void exportWritesPlaceholdersByDefaultAndNoSecret() throws Exception {
        CliProcess.Result export = as("alice", "export");

        assertThat(export.exitCode()).as(export.toString()).isZero();
        JsonNode document = JSON.readTree(export.stdout());
        assertThat(document.path("format").asText()).isEqualTo("carto-connections/definitions");
        assertThat(document.path("connections").findValuesAsText("password"))
                .isNotEmpty()
                .allSatisfy(value -> assertThat(value).isEqualTo(Definitions.PLACEHOLDER));
    }

    @Test
    void exportWithEnvReferencesNamesAVariablePerSecretAndImportReadsIt() throws Exception {
        CliProcess.Result export = as("alice", "export", "--secrets", "env", "--name-contains", "prod");
        JsonNode connection = JSON.readTree(export.stdout()).path("connections").get(0);
        Path file = write("references.json", export.stdout());
        Path other = directory.resolve("other-store");

        CliProcess.Result imported = CliProcess.run(
                Map.of("CARTO_SECRET_GIS_PROD_PASSWORD", CANARY),
                "import",
                "--store",
                other.toString(),
                "--user",
                "alice",
                "--org",
                "acme",
                file.toString());
        CliProcess.Result check = CliProcess.run(
                Map.of(), "check", "--store", other.toString(), "--user", "alice", "--org", "acme", "gis-prod");

        assertThat(connection.path("secrets").path("password").asText())
                .isEqualTo("env:CARTO_SECRET_GIS_PROD_PASSWORD");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(check.exitCode()).as(check.toString()).isZero();
    }

    @Test
    void importOfAPlaceholderFailsBeforeCreatingAnythingNamingEveryBadField() throws Exception {
        Path file = write(
                "placeholders.json",
                definitions(
                        connection("new-one", role, Definitions.PLACEHOLDER, "{\"mode\":\"PRIVATE\"}"),
                        connection("new-two", role, "env:NOT_SET_ANYWHERE", "{\"mode\":\"SOMETIMES\"}")));

        CliProcess.Result imported = as("alice", "import", file.toString());
        CliProcess.Result list = as("alice", "list", "--name-contains", "new-");

        assertThat(imported.exitCode()).isEqualTo(10);
        assertThat(imported.stderr())
                .contains("connections[0].secrets.password is still the export's placeholder")
                .contains("connections[1].secrets.password names the environment variable NOT_SET_ANYWHERE")
                .contains("connections[1].sharing.mode");
        assertThat(list.stdout().lines()).hasSize(1);
    }

    @Test
    void importOfABadPropertyNamesTheConnectionAndTheField() throws Exception {
        Path file = write(
                "bad-port.json",
                definitions(connection("bad-port", role, "env:GIS_PASSWORD", "{\"mode\":\"PRIVATE\"}")
                        .replace("\"port\":" + POSTGRES.port(), "\"port\":70000")));

        CliProcess.Result imported = asWith("alice", Map.of("GIS_PASSWORD", CANARY), "import", file.toString());

        assertThat(imported.exitCode()).isEqualTo(10);
        assertThat(imported.stderr()).contains("connections[0].properties.port");
    }

    @Test
    void importOfANameTakenIsAConflictUnlessSkipped() throws Exception {
        Path file = write(
                "taken.json", definitions(connection("gis-prod", role, "env:GIS_PASSWORD", "{\"mode\":\"PRIVATE\"}")));

        CliProcess.Result conflict = asWith("alice", Map.of("GIS_PASSWORD", CANARY), "import", file.toString());
        CliProcess.Result skipped =
                asWith("alice", Map.of("GIS_PASSWORD", CANARY), "import", "--skip-existing", file.toString());

        assertThat(conflict.exitCode()).isEqualTo(14);
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.stdout()).contains("skipped gis-prod");
    }

    @Test
    void noSecretAppearsOnStdoutStderrOrInAnExport() throws Exception {
        Path plain = write("plain.json", definitions(connection("plain", role, CANARY, "{\"mode\":\"PRIVATE\"}")));
        Path fromFile = write("password.txt", CANARY + "\n");
        Path referenced = write(
                "from-file.json",
                definitions(connection("from-file", role + "x", "file:" + fromFile, "{\"mode\":\"PRIVATE\"}")));
        List<CliProcess.Result> results = List.of(
                as("alice", "list"),
                as("alice", "list", "--output", "json"),
                as("alice", "show", "gis-prod"),
                as("alice", "show", "gis-prod", "--output", "json"),
                as("alice", "check", "gis-prod"),
                as("alice", "query", "gis-prod", "select current_user"),
                as("alice", "export"),
                as("alice", "export", "--secrets", "env"),
                as("alice", "import", plain.toString()),
                as("alice", "import", referenced.toString()),
                as("alice", "check", "from-file"));

        assertThat(results.get(9).exitCode())
                .as("a wrong user fails the live check")
                .isEqualTo(11);
        assertThat(results.get(8).stderr()).contains("connections[0].secrets.password must be a reference");
        for (CliProcess.Result result : results) {
            assertThat(result.all()).doesNotContain(CANARY);
        }
    }
}
