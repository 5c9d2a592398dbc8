package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.ManualClock;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a token call costs the store against the same query run by the connection's owner (issue 19: "the token path
 * costs at most one store read more"). The owner's query reads the connection once. A token call reads the connection
 * as its creator uses it, plus, when the grant is not cached or the signing keys are due to be read again, one more:
 * the grant and the keys come in one statement. With the grant and the keys cached, it reads no more than the owner.
 * Counted as statements on the PostgreSQL store (each a round trip) and as store calls on the embedded one.
 */
class TokenStoreStatementsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final Duration RECHECK = Duration.ofSeconds(10);

    private final MemoryWarehouse warehouse = new MemoryWarehouse().acceptPassword("owner_db", "owner-pw");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final String organization = "org-" + UUID.randomUUID();
    private final Principal alice = new Principal("alice", organization, Role.EDITOR, Set.of());

    abstract class Counted {
        Connections connections;
        String id;

        /** The facade on the counted store. */
        abstract Connections.Builder counted(Connections.Builder builder);

        /** What reached the store since the last {@link #reset()}. */
        abstract List<String> sent();

        abstract void reset();

        void closeStore() {}

        @AfterEach
        void close() {
            connections.close();
            closeStore();
        }

        void open(Duration recheck) {
            connections = counted(Connections.builder())
                    .keys(KeyRing.generate("k1"))
                    .providers(Providers.of(warehouse.provider()))
                    .clock(clock)
                    .ticker(clock::nanoTime)
                    .members((organizationId, userId) -> userId.equals("alice") ? Optional.of(alice) : Optional.empty())
                    .grantRecheck(recheck)
                    .build();
            id = connections
                    .create(
                            alice,
                            NewConnection.of("memory", "counted-tokens")
                                    .authMethod("password")
                                    .property("host", "memory")
                                    .property("user", "owner_db")
                                    .secret("password", "owner-pw")
                                    .skipLiveCheck())
                    .id();
        }

        IssuedGrant grant() {
            return connections.createGrant(
                    alice,
                    id,
                    NewGrant.query(
                            clock.instant().plus(Duration.ofDays(1)),
                            GrantSource.NamedQuery.of("who", "select current_user")));
        }

        /** How many statements the owner's query sends. */
        int ownersQuery() {
            reset();
            try (QueryResult rows = connections.query(alice, id, Query.sql("select current_user"))) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.value(0)).isEqualTo("owner_db");
            }
            return sent().size();
        }

        /** How many statements the token's call of the same query sends. */
        int tokenCall(IssuedGrant issued) {
            reset();
            try (QueryResult rows = connections.query(
                    TokenCall.of(organization, issued.token(), SourceRequest.NamedQueryCall.of("who")))) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.value(0)).isEqualTo("owner_db");
            }
            return sent().size();
        }

        @Test
        void withTheGrantAndTheKeysCachedATokenCallSendsNoMoreThanTheOwnersQuery() {
            open(RECHECK);
            IssuedGrant issued = grant();
            tokenCall(issued);

            assertThat(tokenCall(issued)).isEqualTo(ownersQuery()).isEqualTo(1);
        }

        @Test
        void theFirstTokenCallOfAnInstanceReadsTheGrantAndTheKeysInOneStatementMore() {
            open(RECHECK);
            IssuedGrant issued = grant();

            assertThat(tokenCall(issued)).isEqualTo(ownersQuery() + 1);
        }

        @Test
        void aTokenCallAfterTheRecheckIntervalSendsOneStatementMore() {
            open(RECHECK);
            IssuedGrant issued = grant();
            tokenCall(issued);

            clock.advance(RECHECK);

            assertThat(tokenCall(issued)).isEqualTo(ownersQuery() + 1);
        }

        @Test
        void theFirstCallOfAnotherGrantWhileTheKeysAreCachedSendsOneStatementMore() {
            open(RECHECK);
            tokenCall(grant());
            IssuedGrant another = grant();

            assertThat(tokenCall(another)).isEqualTo(ownersQuery() + 1);
        }

        @Test
        void withAZeroRecheckIntervalEveryTokenCallSendsOneStatementMore() {
            open(Duration.ZERO);
            IssuedGrant issued = grant();
            tokenCall(issued);

            assertThat(tokenCall(issued)).isEqualTo(ownersQuery() + 1);
            assertThat(tokenCall(issued)).isEqualTo(ownersQuery() + 1);
        }
    }

    @Nested
    class OnThePostgresStore extends Counted {
        private HikariDataSource pool;
        private CountingDataSource counting;

        @Override
        Connections.Builder counted(Connections.Builder builder) {
            pool = StorePools.postgres(POSTGRES, "token_statements");
            counting = new CountingDataSource(pool);
            return builder.store(ConnectionStore.postgres(counting));
        }

        @Override
        List<String> sent() {
            return counting.sent();
        }

        @Override
        void reset() {
            counting.reset();
        }

        @Override
        void closeStore() {
            pool.close();
        }
    }

    @Nested
    class OnTheEmbeddedStore extends Counted {
        @TempDir
        Path directory;

        private CountingStore store;

        @Override
        Connections.Builder counted(Connections.Builder builder) {
            store = new CountingStore(ConnectionStore.embedded(directory));
            return builder.store(store);
        }

        @Override
        List<String> sent() {
            return store.calls();
        }

        @Override
        void reset() {
            store.reset();
        }
    }
}
