package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AdvancedOptions;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.PropertyValues;
import com.carto.connections.spi.WarehouseClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opening the pool's connection is bounded by the connection's queryTimeout, not by a fixed login timeout. */
class PoolLoginDeadlineTest {
    @Test
    void failsAQueryToAServerThatAcceptsAndNeverAnswersWithTimeoutSoonAfterTheQueryTimeout() throws IOException {
        try (CheckDeadlineTest.SilentServer server = new CheckDeadlineTest.SilentServer();
                WarehouseClient client = FixtureProvider.standard().open(settings(server.port(), "2s"))) {
            long started = System.nanoTime();
            ConnectionException failure = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> catchThrowableOfType(ConnectionException.class, () -> client.query(Query.sql("select 1"))));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(failure).as("a query to a silent server must fail").isNotNull();
            assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(failure).hasMessageContaining("queryTimeout");
            // The fixed login timeout this replaces took 10 s and more; the bound is loose on purpose.
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void failsADriverThatIgnoresItsConnectTimeoutsAtTheQueryTimeoutToo() throws IOException {
        FixtureProvider provider = new FixtureProvider(
                new NoTimeoutsDialect(),
                FixtureProvider.ALL,
                settings -> FixtureProvider.factory(settings, new org.postgresql.Driver())
                        .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)))
                        .build());
        try (CheckDeadlineTest.SilentServer server = new CheckDeadlineTest.SilentServer();
                WarehouseClient client = provider.open(settings(server.port(), "1s"))) {
            ConnectionException failure = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> catchThrowableOfType(ConnectionException.class, () -> client.query(Query.sql("select 1"))));
            assertThat(failure).as("a query to a silent server must fail").isNotNull();
            assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        }
    }

    private static ConnectionSettings settings(int port, String queryTimeout) {
        Map<String, Object> raw = Map.of(
                "host", "127.0.0.1",
                "port", port,
                "database", "silent",
                "username", "carto",
                "password", Secret.of("unused"));
        return new ConnectionSettings(
                "silent",
                FixtureProvider.PASSWORD_METHOD,
                PropertyValues.parse(raw, FixtureProvider.PASSWORD_METHOD.properties()),
                AdvancedOptions.parse(Map.of("queryTimeout", queryTimeout), new FixtureProvider.FixtureDialect()),
                "owner");
    }

    /** pgjdbc without its login and socket timeouts: it waits for the server's answer as long as it takes. */
    private static final class NoTimeoutsDialect extends FixtureProvider.FixtureDialect {
        @Override
        public Map<String, String> connectTimeoutProperties(Duration deadline) {
            return Map.of();
        }
    }
}
