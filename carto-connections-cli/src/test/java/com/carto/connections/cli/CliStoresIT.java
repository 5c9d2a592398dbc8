package com.carto.connections.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Connections;
import com.carto.connections.access.Dependent;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.query.PageRequest;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The PostgreSQL store, keys from the environment and their rotation, and a query streamed in a small heap. */
class CliStoresIT {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    static final String CANARY = "canary-Pw-91c0d2aa";

    @TempDir
    static Path directory;

    static String warehouse;
    static String role;

    @BeforeAll
    static void warehouse() {
        warehouse = POSTGRES.createDatabase("cli_wh", false);
        role = POSTGRES.createRole("cli_user", CANARY);
        POSTGRES.psql(warehouse, "grant create on schema public to \"" + role + "\";");
    }

    static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Path definitions(String name) throws Exception {
        return Files.writeString(
                directory.resolve(name + ".json"),
                "{\"format\":\"carto-connections/definitions\",\"version\":1,\"connections\":[{\"name\":\"" + name
                        + "\",\"provider\":\"postgres\",\"authMethod\":\"password\",\"properties\":{\"host\":\""
                        + POSTGRES.host() + "\",\"port\":" + POSTGRES.port() + ",\"database\":\"" + warehouse
                        + "\",\"username\":\"" + role + "\",\"sslMode\":\"disable\"},"
                        + "\"secrets\":{\"password\":\"env:WAREHOUSE_PASSWORD\"}}]}");
    }

    static CliProcess.Result run(Map<String, String> environment, String store, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store));
        return CliProcess.run(environment, all.toArray(String[]::new));
    }

    @Test
    void aPostgresStoreTakesItsLoginFromTheEnvironmentAndKeysFromCartoConnectionsKeys() throws Exception {
        String storeDatabase = POSTGRES.createDatabase("cli_store", false);
        String keyValue = key();
        Map<String, String> environment = Map.of(
                "CARTO_CONNECTIONS_KEYS",
                "k1:" + keyValue,
                "CARTO_CONNECTIONS_STORE_USER",
                POSTGRES.superuser(),
                "CARTO_CONNECTIONS_STORE_PASSWORD",
                POSTGRES.superuserPassword(),
                "CARTO_CONNECTIONS_USER",
                "alice",
                "CARTO_CONNECTIONS_ORG",
                "acme",
                "WAREHOUSE_PASSWORD",
                CANARY);
        String url = POSTGRES.jdbcUrl(storeDatabase);

        CliProcess.Result imported =
                run(environment, url, "import", definitions("in-postgres").toString());
        CliProcess.Result list = run(environment, url, "list");
        CliProcess.Result check = run(environment, url, "check", "in-postgres");

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(list.stdout()).contains("in-postgres");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(POSTGRES.psql(
                        storeDatabase,
                        "select count(*) from information_schema.tables" + " where table_name like '%connection%'"))
                .isNotEqualTo("0");
        for (CliProcess.Result result : List.of(imported, list, check)) {
            assertThat(result.all()).doesNotContain(CANARY, keyValue, POSTGRES.superuserPassword());
        }
    }

    @Test
    void aNarrowingThatBreaksOtherUsersDependentsIsAppliedOnlyWhenConfirmed() throws Exception {
        String storeDatabase = POSTGRES.createDatabase("cli_share", false);
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        Map<String, String> environment = Map.of(
                "CARTO_CONNECTIONS_KEYS",
                "k1:" + Base64.getEncoder().encodeToString(keyBytes),
                "CARTO_CONNECTIONS_STORE_USER",
                POSTGRES.superuser(),
                "CARTO_CONNECTIONS_STORE_PASSWORD",
                POSTGRES.superuserPassword(),
                "CARTO_CONNECTIONS_USER",
                "alice",
                "CARTO_CONNECTIONS_ORG",
                "acme",
                "WAREHOUSE_PASSWORD",
                CANARY);
        String url = POSTGRES.jdbcUrl(storeDatabase);
        run(environment, url, "import", definitions("shared-map").toString());
        run(environment, url, "share", "shared-map", "organization");
        // The host records what uses a connection; here the application is this test, on the same store.
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(POSTGRES.superuser());
        dataSource.setPassword(POSTGRES.superuserPassword());
        try (Connections connections = Connections.builder()
                .store(ConnectionStore.postgres(dataSource))
                .keys(KeyRing.of("k1", Map.of("k1", keyBytes)))
                .build()) {
            String id = connections
                    .list(
                            Principal.of("alice", "acme", Role.EDITOR),
                            ConnectionFilter.organization("acme"),
                            PageRequest.first(10))
                    .items()
                    .get(0)
                    .id();
            connections.usages().record(id, new Dependent("map", "m-17", "bob"));
        }

        CliProcess.Result refused = run(environment, url, "share", "shared-map", "private");
        CliProcess.Result stillShared = run(environment, url, "show", "shared-map");
        CliProcess.Result confirmed = run(environment, url, "share", "shared-map", "private", "--confirm-impact");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(15);
        assertThat(refused.stderr()).contains("not applied: 1 dependents", "map m-17 (owner bob)");
        assertThat(stillShared.stdout()).containsPattern("sharing\\s+ORGANIZATION");
        assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
        assertThat(confirmed.stdout()).contains("shared-map is shared: PRIVATE", "1 dependents of other users lose");
    }

    @Test
    void aPostgresStoreUrlWithAPasswordIsRefusedNamingTheStoreOption() {
        CliProcess.Result result = CliProcess.run(
                Map.of("CARTO_CONNECTIONS_KEYS", "k1:" + key()),
                "list",
                "--user",
                "alice",
                "--org",
                "acme",
                "--store",
                POSTGRES.jdbcUrl("postgres") + "?user=x&password=" + CANARY);

        assertThat(result.exitCode()).isEqualTo(10);
        assertThat(result.stderr())
                .contains("--store", "CARTO_CONNECTIONS_STORE_PASSWORD")
                .doesNotContain(CANARY);
    }

    @Test
    void aPostgresStoreWithoutKeysInTheEnvironmentIsRefusedNamingTheVariable() {
        CliProcess.Result result = CliProcess.run(
                Map.of(), "list", "--user", "alice", "--org", "acme", "--store", POSTGRES.jdbcUrl("postgres"));

        assertThat(result.exitCode()).isEqualTo(10);
        assertThat(result.stderr()).contains("CARTO_CONNECTIONS_KEYS is required with a PostgreSQL store");
    }

    @Test
    void rotateKeysReencryptsEverySecretUnderTheNewPrimaryWithAProgressBar() throws Exception {
        String store = directory.resolve("rotated").toString();
        String oldKey = key();
        String newKey = key();
        Map<String, String> before = new HashMap<>(Map.of(
                "CARTO_CONNECTIONS_KEYS",
                "old:" + oldKey,
                "CARTO_CONNECTIONS_USER",
                "alice",
                "CARTO_CONNECTIONS_ORG",
                "acme",
                "WAREHOUSE_PASSWORD",
                CANARY));
        for (String name : List.of("first", "second", "third")) {
            CliProcess.Result imported =
                    run(before, store, "import", definitions(name).toString());
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
        }
        Map<String, String> during = new HashMap<>(before);
        during.put("CARTO_CONNECTIONS_KEYS", "new:" + newKey + ",old:" + oldKey);
        Map<String, String> after = new HashMap<>(before);
        after.put("CARTO_CONNECTIONS_KEYS", "new:" + newKey);

        CliProcess.Result rotated = run(during, store, "rotate-keys");
        CliProcess.Result again = run(during, store, "rotate-keys");
        CliProcess.Result check = run(after, store, "check", "second");

        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
        assertThat(rotated.stderr()).contains("[##############################] 3/3 secrets re-encrypted");
        assertThat(rotated.stdout()).contains("re-encrypted 3 of 3 secrets; 0 remain under old keys, 0 unreadable");
        assertThat(again.stdout()).contains("re-encrypted 0 of 0 secrets");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        for (CliProcess.Result result : List.of(rotated, again, check)) {
            assertThat(result.all()).doesNotContain(CANARY, oldKey, newKey);
        }
    }

    @Test
    void aStoreWhoseKeysAreMissingFromTheEnvironmentFailsNamingTheMissingKey() throws Exception {
        String store = directory.resolve("lost").toString();
        Map<String, String> environment = new HashMap<>(Map.of(
                "CARTO_CONNECTIONS_KEYS",
                "kept:" + key(),
                "CARTO_CONNECTIONS_USER",
                "alice",
                "CARTO_CONNECTIONS_ORG",
                "acme",
                "WAREHOUSE_PASSWORD",
                CANARY));
        run(environment, store, "import", definitions("lost").toString());
        environment.put("CARTO_CONNECTIONS_KEYS", "other:" + key());

        CliProcess.Result list = run(environment, store, "list");

        assertThat(list.exitCode()).isEqualTo(10);
        assertThat(list.stderr()).contains("kept");
    }

    @Test
    void aQueryOfAMillionRowsStreamsThroughASmallHeap() throws Exception {
        String store = directory.resolve("streaming").toString();
        Map<String, String> environment = Map.of(
                "CARTO_CONNECTIONS_USER", "alice", "CARTO_CONNECTIONS_ORG", "acme", "WAREHOUSE_PASSWORD", CANARY);
        run(environment, store, "import", definitions("big").toString());
        long rows = 1_000_000;

        long[] counted = CliProcess.stream(
                environment,
                List.of("-Xmx48m"),
                lines -> {
                    long count = 0;
                    long lastId = 0;
                    try {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            count++;
                            lastId = Long.parseLong(line.substring(line.indexOf(':') + 1, line.indexOf(',')));
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return new long[] {count, lastId};
                },
                "query",
                "--store",
                store,
                "big",
                "select g as id, repeat('x', 100) as filler from generate_series(1, " + rows + ") g order by g",
                "--format",
                "ndjson");

        assertThat(counted[0]).isEqualTo(rows);
        assertThat(counted[1]).isEqualTo(rows);
    }
}
