package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How many statements a query through the facade sends to the store: one, the connection read with its secrets, groups
 * and the caller's own credentials, without a transaction around it (DESIGN §9: at most one store round trip); and one
 * per listing page, which reads the secrets' names and no ciphertext. Counted
 * on the PostgreSQL store, where each is a round trip; the embedded store runs the same statement in process.
 */
class StoreStatementsTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private static final String VIEWER_PASSWORD = "viewer-secret-" + UUID.randomUUID();

    private final MemoryWarehouse warehouse =
            new MemoryWarehouse().acceptPassword("owner_db", "owner-pw").acceptPassword("bob_db", VIEWER_PASSWORD);
    private final String organization = "org-" + UUID.randomUUID();
    private final Principal alice = new Principal("alice", organization, Role.EDITOR, Set.of("g1"));
    private final Principal bob = new Principal("bob", organization, Role.VIEWER, Set.of("g1"));

    /** A connection of alice's; shared with groups, or with viewer credentials that bob has given. */
    private String register(Connections connections, boolean viewerCredentials) {
        String id = connections
                .create(
                        alice,
                        NewConnection.of("memory", "counted-" + (viewerCredentials ? "viewers" : "groups"))
                                .authMethod("password")
                                .property("host", "memory")
                                .property("user", "owner_db")
                                .secret("password", "owner-pw"))
                .id();
        if (viewerCredentials) {
            connections.share(alice, id, Sharing.viewerCredentials(), true);
            connections.provideViewerCredentials(bob, id, Map.of("user", "bob_db", "password", VIEWER_PASSWORD));
        } else {
            connections.share(alice, id, Sharing.groups("g1"), true);
        }
        return id;
    }

    private static Object currentUser(Connections connections, Principal principal, String id) {
        try (QueryResult rows = connections.query(principal, id, Query.sql("select current_user"))) {
            rows.next();
            return rows.value(0);
        }
    }

    @Nested
    class OnThePostgresStore {
        private HikariDataSource pool;
        private CountingDataSource counting;
        private Connections connections;

        private Connections open() {
            pool = StorePools.postgres(POSTGRES, "statements");
            counting = new CountingDataSource(pool);
            connections = Connections.builder()
                    .store(ConnectionStore.postgres(counting))
                    .keys(KeyRing.generate("k1"))
                    .providers(Providers.of(warehouse.provider()))
                    .build();
            return connections;
        }

        @AfterEach
        void close() {
            connections.close();
            pool.close();
        }

        @Test
        void theOwnersFirstAndLaterQueriesSendOneStatementEach() {
            String id = register(open(), false);
            counting.reset();

            assertThat(currentUser(connections, alice, id)).isEqualTo("owner_db");
            assertThat(counting.sent()).hasSize(1);
            currentUser(connections, alice, id);

            assertThat(counting.sent()).hasSize(2).allMatch(sql -> sql.startsWith("select "));
        }

        @Test
        void aGroupMembersQuerySendsOneStatement() {
            String id = register(open(), false);
            counting.reset();

            assertThat(currentUser(connections, bob, id)).isEqualTo("owner_db");

            assertThat(counting.sent()).hasSize(1);
        }

        @Test
        void aViewersQueryWithTheirOwnCredentialsSendsOneStatement() {
            String id = register(open(), true);
            counting.reset();

            assertThat(currentUser(connections, bob, id)).isEqualTo("bob_db");
            currentUser(connections, bob, id);

            assertThat(counting.sent()).hasSize(2);
        }

        @Test
        void aListingPageSendsOneStatementThatReadsNoCiphertext() {
            register(open(), false);
            register(connections, true);
            counting.reset();

            Page<Connection> first =
                    connections.list(bob, ConnectionFilter.organization(organization), PageRequest.first(1));
            Page<Connection> second = connections.list(
                    bob,
                    ConnectionFilter.organization(organization),
                    PageRequest.first(1).after(first.nextPageToken().orElseThrow()));

            assertThat(counting.sent())
                    .hasSize(2)
                    .allMatch(sql -> sql.startsWith("select ") && !sql.contains("ciphertext"));
            assertThat(List.of(first.items().get(0), second.items().get(0)))
                    .extracting(Connection::name, Connection::secretKeys)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("counted-groups", Set.of("password")),
                            org.assertj.core.groups.Tuple.tuple("counted-viewers", Set.of("password")));
        }
    }
}
