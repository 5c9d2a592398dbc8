package com.carto.connections.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * create, update and delete through the runnable jar in a child JVM, on an embedded store, against the real
 * PostgreSQL of core's fixture. Secrets come from standard input, an environment variable or a file, never argv.
 */
class CliLifecycleIT {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String CANARY = "canary-Lc-5d0c7a21";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path directory;

    private static Path store;
    private static String database;

    @BeforeAll
    static void warehouse() {
        database = POSTGRES.createDatabase("cli_lifecycle", false);
        POSTGRES.psql(database, "create table towns (name text); insert into towns values ('Soria')");
        store = directory.resolve("store");
    }

    /** A role of its own per test, so that a test may change its password. */
    private static String role(String password) {
        String role = POSTGRES.createRole("cli_life", password);
        POSTGRES.psql(database, "grant select on towns to \"" + role + "\"");
        return role;
    }

    private static String name() {
        return "towns-" + NAMES.incrementAndGet();
    }

    private static CliProcess.Result run(Map<String, String> environment, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString(), "--user", "alice", "--org", "acme"));
        return CliProcess.run(environment, List.of(), stdin, all.toArray(String[]::new));
    }

    private static CliProcess.Result create(
            String name, String role, Map<String, String> environment, String stdin, String secretOption) {
        return run(
                environment,
                stdin,
                "create",
                name,
                "--provider",
                "postgres",
                "--auth",
                "password",
                "--set",
                "host=" + POSTGRES.host(),
                "--set",
                "port=" + POSTGRES.port(),
                "--set",
                "database=" + database,
                "--set",
                "username=" + role,
                "--set",
                "sslMode=disable",
                "--secret",
                secretOption);
    }

    private static CliProcess.Result firstTown(String name) {
        return run(Map.of(), "", "query", name, "select name from towns", "--format", "csv");
    }

    @Test
    void createReadsTheSecretFromStandardInputChecksItLiveAndTheConnectionQueries() {
        String name = name();

        CliProcess.Result created = create(name, role(CANARY), Map.of(), CANARY + "\n", "password");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout()).startsWith("created " + name + " (id ").contains("version 1");
        CliProcess.Result towns = firstTown(name);
        assertThat(towns.exitCode()).as(towns.toString()).isZero();
        assertThat(towns.stdout()).contains("Soria");
        CliProcess.Result shown = run(Map.of(), "", "show", name);
        assertThat(created.all() + towns.all() + shown.all()).doesNotContain(CANARY);
    }

    @Test
    void createReadsTheSecretFromANamedEnvironmentVariable() {
        String name = name();

        CliProcess.Result created =
                create(name, role(CANARY), Map.of("TOWNS_PASSWORD", CANARY), "", "password=env:TOWNS_PASSWORD");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(firstTown(name).stdout()).contains("Soria");
    }

    @Test
    void createReadsTheSecretFromAFile() throws Exception {
        String name = name();
        Path file = Files.writeString(directory.resolve(name + ".password"), CANARY + "\n");

        CliProcess.Result created = create(name, role(CANARY), Map.of(), "", "password=file:" + file);

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(firstTown(name).stdout()).contains("Soria");
    }

    @Test
    void aSecretValueOnTheCommandLineIsRefusedWithoutRepeatingItAndNothingIsCreated() {
        String name = name();

        CliProcess.Result refused = create(name, role(CANARY), Map.of(), "", "password=" + CANARY);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(10);
        assertThat(refused.stderr()).contains("--secret password").contains("never taken from the command line");
        assertThat(refused.all()).doesNotContain(CANARY);
        assertThat(run(Map.of(), "", "show", name).exitCode()).isEqualTo(13);
    }

    @Test
    void aSecretReadFromAnEmptyStandardInputIsRefusedNamingTheOption() {
        CliProcess.Result refused = create(name(), role(CANARY), Map.of(), "", "password");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(10);
        assertThat(refused.stderr()).contains("--secret password").contains("standard input");
    }

    @Test
    void aWrongPasswordFailsTheLiveCheckAtAuthenticationAndStoresNothing() {
        String name = name();

        CliProcess.Result refused = create(name, role(CANARY), Map.of(), "not-the-password\n", "password");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(11);
        assertThat(run(Map.of(), "", "show", name).exitCode()).isEqualTo(13);
    }

    @Test
    void updateReplacesTheSecretFromStandardInputAfterTheWarehouseChangedIt() {
        String name = name();
        String role = role(CANARY);
        assertThat(create(name, role, Map.of(), CANARY + "\n", "password").exitCode())
                .isZero();
        String rotated = CANARY + "-rotated";
        POSTGRES.psql("postgres", "alter role \"" + role + "\" password '" + rotated + "'");
        assertThat(firstTown(name).exitCode()).isEqualTo(11);

        CliProcess.Result updated = run(Map.of(), rotated + "\n", "update", name, "--secret", "password");

        assertThat(updated.exitCode()).as(updated.toString()).isZero();
        assertThat(updated.stdout()).isEqualTo("updated " + name + " (version 2)\n");
        assertThat(firstTown(name).stdout()).contains("Soria");
        assertThat(updated.all()).doesNotContain(rotated);
    }

    @Test
    void updateAtAStaleVersionIsAConflictAndChangesNothing() {
        String name = name();
        assertThat(create(name, role(CANARY), Map.of(), CANARY + "\n", "password")
                        .exitCode())
                .isZero();
        assertThat(run(Map.of(), "", "update", name, "--option", "queryTimeout=60s")
                        .exitCode())
                .isZero();

        CliProcess.Result stale =
                run(Map.of(), "", "update", name, "--option", "queryTimeout=90s", "--expected-version", "1");

        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(14);
        assertThat(run(Map.of(), "", "show", name).stdout()).contains("60s").doesNotContain("90s");
    }

    @Test
    void updateWithoutAnyChangeIsRefusedNamingTheOptions() {
        CliProcess.Result refused = run(Map.of(), "", "update", "whatever");

        assertThat(refused.exitCode()).isEqualTo(10);
        assertThat(refused.stderr()).contains("--set");
    }

    @Test
    void deleteRemovesTheConnectionAndItsName() {
        String name = name();
        assertThat(create(name, role(CANARY), Map.of(), CANARY + "\n", "password")
                        .exitCode())
                .isZero();

        CliProcess.Result deleted = run(Map.of(), "", "delete", name);

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.stdout()).startsWith("deleted " + name + " (id ");
        assertThat(run(Map.of(), "", "show", name).exitCode()).isEqualTo(13);
    }

    @Test
    void aSharedConnectionIsNotDeleted() {
        String name = name();
        assertThat(create(name, role(CANARY), Map.of(), CANARY + "\n", "password")
                        .exitCode())
                .isZero();
        assertThat(run(Map.of(), "", "share", name, "organization").exitCode()).isZero();

        CliProcess.Result refused = run(Map.of(), "", "delete", name);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(15);
        assertThat(run(Map.of(), "", "show", name).exitCode()).isZero();
    }
}
