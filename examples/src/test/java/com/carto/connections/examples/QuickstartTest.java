package com.carto.connections.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the whole quickstart once, against its embedded PostgreSQL, and reads what it printed section by section. */
class QuickstartTest {
    private static String output;

    @BeforeAll
    static void runQuickstart() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            new Quickstart(out).run();
        }
        output = buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsThePostgresProviderWithItsFormAndSchema() {
        String providers = section("Providers");

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
    void passesEveryStageButSpatialSupport() {
        String check = section("Live check");

        for (String stage : new String[] {"RESOLVE_HOST", "CONNECT", "AUTHENTICATE", "REACH_DATABASE", "READ_METADATA",
                "WRITE_TEMP_TABLE"}) {
            assertThat(check).containsPattern("(?m)^" + stage + "\\s+PASSED\\s+\\d+ ms$");
        }
        assertThat(check).containsPattern("(?m)^SPATIAL_SUPPORT\\s+FAILED .*postgis_lib_version");
        assertThat(check).contains("CREATE EXTENSION postgis");
        assertThat(check).contains("has no PostGIS");
    }

    @Test
    void explainsTheWrongPassword() {
        String check = section("Live check with a wrong password");

        assertThat(check).containsPattern("(?m)^CONNECT\\s+PASSED");
        assertThat(check).containsPattern("(?m)^AUTHENTICATE\\s+FAILED .*password authentication failed for user \"carto\"");
        assertThat(check).containsPattern("(?m)^REACH_DATABASE\\s+SKIPPED");
        assertThat(check).contains("failed at AUTHENTICATE: category AUTHENTICATION, retrying will not help");
        assertThat(check).contains("hint:    check the user name and password");
        assertThat(check).contains("suspect properties: password, sslMode, username");
        assertThat(check).doesNotContain("not-the-password");
    }

    @Test
    void returnsOnlyTheCitiesAboveAMillionBiggestFirst() {
        String query = section("Query");

        assertThat(query).contains("created table cities and inserted 7 rows");
        assertThat(query).contains("columns: name STRING (text), country STRING (text), population INTEGER (int8),"
                + " lat FLOAT (float8), lon FLOAT (float8)");
        assertThat(query).containsPattern("(?m)^\\s+name\\s+country\\s+population\\s+lat\\s+lon$");
        assertThat(query).containsPattern("(?m)^\\s+Lagos\\s+Nigeria\\s+15,390,000\\s+6\\.5244\\s+3\\.3792$");
        assertThat(query).containsPattern("(?m)^\\s+New York\\s+United States\\s+8,804,000\\s+40\\.7128\\s+-74\\.0060$");
        assertThat(query).containsSubsequence("Lagos", "Tokyo", "New York", "Madrid", "4 rows");
        assertThat(query).doesNotContain("Valencia", "Boston", "Reykjavik");
    }

    @Test
    void browsesDownToTheColumnsOfTheDemoTable() {
        String catalog = section("Catalog");

        assertThat(catalog).containsPattern("(?m)^postgres$");
        assertThat(catalog).containsPattern("(?m)^  public/$");
        assertThat(catalog).containsPattern("(?m)^  carto_temp/$");
        assertThat(catalog).containsPattern("(?m)^    cities  \\(BASE TABLE\\)$");
        assertThat(catalog).containsSubsequence("1. name", "2. country", "3. population", "4. lat", "5. lon");
        assertThat(catalog).containsPattern("(?m)^\\s+3\\. population\\s+INTEGER\\s+bigint\\s+not null$");
        assertThat(catalog).containsPattern("(?m)^\\s+4\\. lat\\s+FLOAT\\s+double precision\\s+not null$");
    }

    /** The text under a "== title ==" heading, up to the next heading. */
    private static String section(String title) {
        String heading = "== " + title + " ==\n";
        assertThat(output).contains(heading);
        int start = output.indexOf(heading) + heading.length();
        int end = output.indexOf("\n== ", start);
        return end < 0 ? output.substring(start) : output.substring(start, end);
    }
}
