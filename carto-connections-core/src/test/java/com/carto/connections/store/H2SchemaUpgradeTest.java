package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Sharing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written by the first schema opens under the current one, also after a crash halfway through an upgrade. */
class H2SchemaUpgradeTest {
    @TempDir
    Path directory;

    @Test
    void aFirstSchemaStoreUpgradesAndKeepsItsConnectionsPrivate() throws Exception {
        createFirstSchemaWithOneConnection(List.of());

        try (ConnectionStore store = ConnectionStore.embedded(directory)) {
            StoredConnection upgraded = store.find("c1").orElseThrow();

            assertThat(upgraded.name()).isEqualTo("kept");
            assertThat(upgraded.sharing()).isEqualTo(Sharing.PRIVATE);
            assertThat(upgraded.encryptedSecrets()).containsKey("password");
        }
    }

    @Test
    void anUpgradeThatStoppedHalfwayIsFinishedOnTheNextStart() throws Exception {
        // What H2 keeps of a V2 interrupted after its first statements: DDL commits itself, the version row never came.
        List<String> firstStatementsOfTheUpgrade =
                SchemaMigrations.statements(script("V2__sharing.sql")).subList(0, 3);
        createFirstSchemaWithOneConnection(firstStatementsOfTheUpgrade);

        try (ConnectionStore store = ConnectionStore.embedded(directory)) {
            StoredConnection connection = store.find("c1").orElseThrow();
            store.updateRow(connection.withSharing(Sharing.groups("analysts"), connection.updatedAt()), 1);

            assertThat(store.find("c1").orElseThrow().sharing()).isEqualTo(Sharing.groups("analysts"));
        }
    }

    private void createFirstSchemaWithOneConnection(List<String> extraStatements) throws SQLException, IOException {
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("connections")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection database = DriverManager.getConnection(url);
                Statement statement = database.createStatement()) {
            statement.execute(
                    "create table carto_schema_version"
                            + " (version integer primary key, script varchar(200) not null, applied_at timestamp with time zone not null)");
            for (String sql : SchemaMigrations.statements(script("V1__connections.sql"))) {
                statement.execute(sql);
            }
            statement.execute("insert into carto_schema_version values (1, 'V1__connections.sql', current_timestamp)");
            statement.execute(
                    "insert into carto_connections (id, organization_id, owner_id, name, provider_id, auth_method,"
                            + " properties, advanced, created_at, updated_at, version) values ('c1', 'org', 'alice', 'kept', 'postgres',"
                            + " 'password', '{\"host\":\"db\"}', '{}', current_timestamp, current_timestamp, 1)");
            statement.execute("insert into carto_connection_secrets values ('c1', 'password', 'v1.k1.x', 'k1')");
            for (String sql : extraStatements) {
                statement.execute(sql);
            }
        }
    }

    private static String script(String name) throws IOException {
        try (InputStream input = SchemaMigrations.class.getResourceAsStream(name)) {
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
