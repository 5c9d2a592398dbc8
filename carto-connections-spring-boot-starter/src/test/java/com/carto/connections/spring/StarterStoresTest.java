package com.carto.connections.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyEncryptionService;
import com.carto.connections.testing.AesKeyEncryptionService;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL store in the application's own {@code DataSource}, with the secrets' data keys wrapped by a
 * {@link KeyEncryptionService} bean, as an application with a KMS runs it; on the real PostgreSQL.
 */
class StarterStoresTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String PASSWORD = "stores-password";
    private static final AesKeyEncryptionService KMS = new AesKeyEncryptionService();
    private static String role;
    private static String warehouse;
    private static String storeDatabase;

    private final Principal alice = Principal.of("alice", "acme", Role.EDITOR);
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CartoConnectionsAutoConfiguration.class));

    // One wrapped key file for the class, as for one application: the store database is shared by its tests.
    @TempDir
    static Path directory;

    @BeforeAll
    static void databases() {
        role = POSTGRES.createRole("stores", PASSWORD);
        warehouse = POSTGRES.createDatabase("stores_warehouse", false);
        POSTGRES.psql(
                warehouse,
                "CREATE TABLE towns (name text); INSERT INTO towns VALUES ('Soria');" + " GRANT SELECT ON towns TO \""
                        + role + "\"");
        storeDatabase = POSTGRES.createDatabase("stores_store", false);
    }

    /** What the application defines: its pool on the store database, and its KMS. */
    @Configuration(proxyBeanMethods = false)
    static class ApplicationWithKms {
        @Bean
        DataSource dataSource() {
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(POSTGRES.jdbcUrl(storeDatabase));
            dataSource.setUsername(POSTGRES.superuser());
            dataSource.setPassword(POSTGRES.superuserPassword());
            return dataSource;
        }

        @Bean
        KeyEncryptionService kms() {
            return KMS;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationWithoutKeys {
        @Bean
        DataSource dataSource() {
            return new ApplicationWithKms().dataSource();
        }
    }

    private static String[] postgresStore() {
        return new String[] {
            "carto.connections.store=postgres",
            "carto.connections.wrapped-keys-file=" + directory.resolve("keys.wrapped"),
            "carto.connections.embedded-directory=" + directory.resolve("embedded")
        };
    }

    @Test
    void aConnectionRegisteredInTheApplicationsPostgresIsUsableAfterARestartThroughTheKms() {
        String[] id = new String[1];
        runner.withUserConfiguration(ApplicationWithKms.class)
                .withPropertyValues(postgresStore())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    id[0] = context.getBean(Connections.class)
                            .create(
                                    alice,
                                    NewConnection.of("postgres", "towns")
                                            .authMethod("password")
                                            .property("host", POSTGRES.host())
                                            .property("port", POSTGRES.port())
                                            .property("database", warehouse)
                                            .property("username", role)
                                            .secret("password", PASSWORD)
                                            .property("sslMode", "disable"))
                            .id();
                });
        int unwrapsBefore = KMS.unwraps();

        runner.withUserConfiguration(ApplicationWithKms.class)
                .withPropertyValues(postgresStore())
                .run(context -> {
                    try (QueryResult rows = context.getBean(Connections.class)
                            .query(alice, id[0], Query.sql("select name from towns"))) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.value(0)).isEqualTo("Soria");
                    }
                });

        assertThat(KMS.unwraps()).isGreaterThan(unwrapsBefore);
        assertThat(POSTGRES.psql(storeDatabase, "select name from carto_connections where id = '" + id[0] + "'"))
                .isEqualTo("towns");
        assertThat(POSTGRES.psql(storeDatabase, "select count(*) from carto_connection_secrets"))
                .isNotEqualTo("0");
        assertThat(directory.resolve("embedded")).doesNotExist();
        assertThat(Files.exists(directory.resolve("keys.wrapped"))).isTrue();
    }

    @Test
    void theSecretIsStoredEncryptedNotInClear() {
        runner.withUserConfiguration(ApplicationWithKms.class)
                .withPropertyValues(postgresStore())
                .run(context -> context.getBean(Connections.class)
                        .create(
                                alice,
                                NewConnection.of("postgres", "canary")
                                        .authMethod("password")
                                        .property("host", POSTGRES.host())
                                        .property("port", POSTGRES.port())
                                        .property("database", warehouse)
                                        .property("username", role)
                                        .secret("password", PASSWORD)
                                        .property("sslMode", "disable")));

        String dump = POSTGRES.psql(storeDatabase, "select string_agg(t::text, ' ') from carto_connection_secrets t");
        assertThat(dump).isNotEmpty().doesNotContain(PASSWORD);
        String stored = POSTGRES.psql(storeDatabase, "select string_agg(t::text, ' ') from carto_connections t");
        assertThat(stored).contains("canary").doesNotContain(PASSWORD);
    }

    @Test
    void aPostgresStoreWithoutAKeyBeanIsRefusedNamingTheKeysProperty() {
        runner.withUserConfiguration(ApplicationWithoutKeys.class)
                .withPropertyValues(postgresStore())
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOfSatisfying(
                                    ConnectionException.class,
                                    refused -> assertThat(refused.category())
                                            .isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                            .hasMessageContaining("carto.connections.keys");
                });
    }

    @Test
    void aPostgresStoreWithoutADataSourceIsRefusedNamingTheStoreProperty() {
        runner.withPropertyValues(postgresStore()).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("carto.connections.store")
                    .hasMessageContaining("DataSource");
        });
    }
}
