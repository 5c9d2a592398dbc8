package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.check.CheckStage;
import com.carto.connections.check.StageResult;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.ForwardingDriver;
import com.carto.connections.testing.PostgresFixture;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credential sources against the real PostgreSQL: asked per physical connection, revealed only then. */
class CredentialSourceTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static String database;

    @BeforeAll
    static void createDatabase() {
        database = POSTGRES.createDatabase("credentials", false);
    }

    @Test
    void asksForFreshCredentialsEachTimeAPhysicalConnectionOpens() {
        RotatingPassword rotating =
                new RotatingPassword(POSTGRES.createRole("rotating", "initial-" + UUID.randomUUID()));
        RecordingDriver driver = new RecordingDriver();
        try (WarehouseClient client = openAsRotatingRole(rotating, driver);
                QueryResult first = client.query(Query.sql("select 1"));
                QueryResult second = client.query(Query.sql("select 2"))) {
            // Two results open at once hold two physical connections, each opened with the password current then.
            assertThat(first.next()).isTrue();
            assertThat(second.next()).isTrue();
            assertThat(rotating.issued)
                    .hasSize(driver.connects.get())
                    .hasSizeGreaterThanOrEqualTo(2)
                    .doesNotHaveDuplicates();
            List<String> replaced = rotating.issued.subList(0, rotating.issued.size() - 1);
            assertThat(replaced).noneMatch(password -> logsIn(rotating.role, password));
            assertThat(logsIn(rotating.role, rotating.issued.get(rotating.issued.size() - 1)))
                    .isTrue();
        }
    }

    @Test
    void asksAgainForTheChecksOwnConnection() {
        RotatingPassword rotating =
                new RotatingPassword(POSTGRES.createRole("rotating", "initial-" + UUID.randomUUID()));
        RecordingDriver driver = new RecordingDriver();
        try (WarehouseClient client = openAsRotatingRole(rotating, driver)) {
            try (QueryResult result = client.query(Query.sql("select 1"))) {
                assertThat(result.next()).isTrue();
            }
            int before = rotating.issued.size();
            CheckReport report = client.check(CheckOptions.defaults());
            assertThat(report.stage(CheckStage.AUTHENTICATE).status())
                    .as(report.summary())
                    .isEqualTo(StageResult.Status.PASSED);
            assertThat(rotating.issued).hasSize(before + 1).hasSize(driver.connects.get());
        }
    }

    @Test
    void handsAPrivateKeyObjectToTheDriverAsItIs() throws Exception {
        PrivateKey key = rsaKey();
        RecordingDriver driver = new RecordingDriver();
        FixtureProvider provider = new FixtureProvider(
                new FixtureProvider.FixtureDialect(),
                FixtureProvider.ALL,
                settings -> FixtureProvider.factory(settings, driver)
                        .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD))
                                .and(CredentialSource.of("privateKey", () -> key)))
                        .build());
        try (WarehouseClient client = provider.open(POSTGRES, database);
                QueryResult result = client.query(Query.sql("select 1"))) {
            assertThat(result.next()).isTrue();
        }
        assertThat(driver.privateKeys)
                .hasSize(driver.connects.get())
                .allSatisfy(handed -> assertThat(handed).isSameAs(key));
    }

    @Test
    void failsAQueryWithTheCategoryOfTheSourcesOwnFailure() {
        FixtureProvider provider = FixtureProvider.withCredentials(settings -> driverProperties -> {
            throw new ConnectionException(ErrorCategory.AUTHENTICATION, "the refresh token was revoked");
        });
        try (WarehouseClient client = provider.open(POSTGRES, database)) {
            ConnectionException failure =
                    catchThrowableOfType(ConnectionException.class, () -> client.query(Query.sql("select 1")));
            assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
            assertThat(failure).hasMessageContaining("the refresh token was revoked");
        }
    }

    @Test
    void reportsTheSourcesOwnFailureAsAFailedAuthenticationStage() {
        FixtureProvider provider = FixtureProvider.withCredentials(settings -> driverProperties -> {
            throw new ConnectionException(ErrorCategory.AUTHENTICATION, "the refresh token was revoked");
        });
        try (WarehouseClient client = provider.open(POSTGRES, database)) {
            CheckReport report = client.check(CheckOptions.defaults());
            StageResult failure = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertThat(failure.stage()).isEqualTo(CheckStage.AUTHENTICATE);
            assertThat(failure.category()).contains(ErrorCategory.AUTHENTICATION);
            assertThat(failure.suspectProperties()).containsExactlyInAnyOrder("username", "password");
        }
    }

    @Test
    void revealsSecretsOnlyIntoTheDriverPropertiesOfTheConnection() {
        Properties driverProperties = new Properties();
        CredentialSource source = CredentialSource.secrets(Map.of(
                "SecretAccessKey", com.carto.connections.secrets.Secret.of("s3cr3t"),
                "SessionToken", com.carto.connections.secrets.Secret.of("t0k3n")));
        assertThat(source.toString()).doesNotContain("s3cr3t");
        source.addCredentials(driverProperties);
        assertThat(driverProperties)
                .containsOnly(Map.entry("SecretAccessKey", "s3cr3t"), Map.entry("SessionToken", "t0k3n"));
    }

    /** A client that logs in as the rotating role, whatever the settings' password, through the recording driver. */
    private static WarehouseClient openAsRotatingRole(RotatingPassword rotating, RecordingDriver driver) {
        FixtureProvider provider = new FixtureProvider(
                new FixtureProvider.FixtureDialect(),
                FixtureProvider.ALL,
                settings -> FixtureProvider.factory(settings, driver)
                        .credentials(rotating)
                        .build());
        return provider.open(provider.settings(POSTGRES, database, rotating.role, "unused", Map.of()));
    }

    private static boolean logsIn(String role, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", password);
        try (Connection ignored = new org.postgresql.Driver().connect(POSTGRES.jdbcUrl(database), properties)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static PrivateKey rsaKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }

    /** Gives the role a new password each time it is asked and hands that one over, as a rotating secret store would. */
    private static final class RotatingPassword implements CredentialSource {
        private final String role;
        private final List<String> issued = new CopyOnWriteArrayList<>();

        RotatingPassword(String role) {
            this.role = role;
        }

        @Override
        public void addCredentials(Properties driverProperties) {
            String password = "rotated-" + UUID.randomUUID();
            Properties superuser = new Properties();
            superuser.setProperty("user", POSTGRES.superuser());
            superuser.setProperty("password", POSTGRES.superuserPassword());
            try (Connection connection = new org.postgresql.Driver().connect(POSTGRES.jdbcUrl(database), superuser);
                    Statement statement = connection.createStatement()) {
                statement.execute("alter role \"" + role + "\" password '" + password + "'");
            } catch (SQLException e) {
                throw new ConnectionException(ErrorCategory.UNAVAILABLE, "could not rotate the password", e);
            }
            issued.add(password);
            driverProperties.setProperty("password", password);
        }
    }

    /**
     * pgjdbc, counting the connections it opens and recording the private keys it is handed, taking them out before
     * connecting, as a driver that signs a login with the key (snowflake-jdbc) would consume them.
     */
    private static final class RecordingDriver extends ForwardingDriver {
        private final AtomicInteger connects = new AtomicInteger();
        private final List<Object> privateKeys = new CopyOnWriteArrayList<>();

        RecordingDriver() {
            super(new org.postgresql.Driver());
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            connects.incrementAndGet();
            Object key = info.remove("privateKey");
            if (key != null) {
                privateKeys.add(key);
            }
            return super.connect(url, info);
        }
    }
}
