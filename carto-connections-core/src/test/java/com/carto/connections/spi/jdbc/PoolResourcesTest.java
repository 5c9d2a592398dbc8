package com.carto.connections.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.Capability;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resources a connection factory holds for as long as the client's pool, and what the base does with capabilities. */
class PoolResourcesTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static String database;

    @BeforeAll
    static void createDatabase() {
        database = POSTGRES.createDatabase("resources", false);
    }

    @Test
    void keepsAResourceWhileTheClientRunsQueriesAndClosesItWithThePool() throws IOException {
        TemporaryDirectory wallet = new TemporaryDirectory(new CopyOnWriteArrayList<>());
        FixtureProvider provider = providerWith(List.of(wallet));
        WarehouseClient client = provider.open(POSTGRES, database);
        try (QueryResult result = client.query(Query.sql("select 1"))) {
            assertThat(result.next()).isTrue();
        }
        assertThat(wallet.directory).exists();
        client.close();
        assertThat(wallet.directory).doesNotExist();
    }

    @Test
    void closesResourcesLastAddedFirstEvenWhenOneFails() throws IOException {
        List<String> closed = new CopyOnWriteArrayList<>();
        AutoCloseable failing = () -> {
            closed.add("failing");
            throw new IOException("cannot delete");
        };
        FixtureProvider provider =
                providerWith(List.of(new TemporaryDirectory(closed), failing, () -> closed.add("token refresher")));
        provider.open(POSTGRES, database).close();
        assertThat(closed).containsExactly("token refresher", "failing", "directory");
    }

    @Test
    void closesResourcesOnceWhenTheClientIsClosedTwice() throws IOException {
        TemporaryDirectory directory = new TemporaryDirectory(new CopyOnWriteArrayList<>());
        WarehouseClient client = providerWith(List.of(directory)).open(POSTGRES, database);
        client.close();
        client.close();
        assertThat(directory.closed).containsExactly("directory");
    }

    @Test
    void refusesWriteBackUnlessTheProviderDeclaresIt() {
        FixtureProvider provider = new FixtureProvider(
                new FixtureProvider.FixtureDialect(),
                EnumSet.of(Capability.SPATIAL),
                settings -> FixtureProvider.factory(settings, new org.postgresql.Driver())
                        .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)))
                        .build());
        try (WarehouseClient client = provider.open(POSTGRES, database)) {
            ConnectionException failure = catchThrowableOfType(
                    ConnectionException.class,
                    () -> client.createTable(List.of("written"), Query.sql("select 1 as x")));
            assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED);
            try (QueryResult tables =
                    client.query(Query.sql("select count(*) from pg_tables where tablename = 'written'"))) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.longValue(0)).isZero();
            }
        }
    }

    private static FixtureProvider providerWith(List<AutoCloseable> resources) {
        return new FixtureProvider(new FixtureProvider.FixtureDialect(), FixtureProvider.ALL, settings -> {
            JdbcConnectionFactory.Builder factory = FixtureProvider.factory(settings, new org.postgresql.Driver())
                    .credentials(CredentialSource.secret("password", settings.get(JdbcProperties.PASSWORD)));
            resources.forEach(factory::resource);
            return factory.build();
        });
    }

    /** A directory that exists while the pool lives, as an Oracle wallet written out for the driver would. */
    private static final class TemporaryDirectory implements AutoCloseable {
        private final Path directory;
        private final List<String> closed;

        TemporaryDirectory(List<String> closed) throws IOException {
            this.directory = Files.createTempDirectory("carto-wallet");
            this.closed = closed;
        }

        @Override
        public void close() throws IOException {
            closed.add("directory");
            Files.delete(directory);
        }
    }
}
