package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many times using a connection reaches the store: once per query, whoever's credentials it runs with. */
class StoreReadsTest {
    private static final String VIEWER_PASSWORD = "viewer-secret-" + UUID.randomUUID();

    @TempDir
    Path directory;

    private final MemoryWarehouse warehouse = new MemoryWarehouse()
            .acceptPassword("owner_db", "owner-pw")
            .acceptPassword("bob_db", VIEWER_PASSWORD)
            .acceptPassword("service_db", "service-pw");
    // Frozen, so that the grant and the signing keys stay cached between the measured calls.
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final String organization = "org-" + UUID.randomUUID();
    private final Principal alice = new Principal("alice", organization, Role.EDITOR, Set.of());
    private final Principal bob = new Principal("bob", organization, Role.VIEWER, Set.of());
    private CountingStore store;
    private Connections connections;
    private String id;

    @BeforeEach
    void open() {
        store = new CountingStore(ConnectionStore.embedded(directory));
        connections = Connections.builder()
                .store(store)
                .keys(KeyRing.generate("k1"))
                .providers(Providers.of(warehouse.provider()))
                .clock(clock)
                .members((organizationId, userId) ->
                        Optional.of(alice).filter(member -> member.userId().equals(userId)))
                .build();
        id = connections
                .create(
                        alice,
                        NewConnection.of("memory", "counted")
                                .authMethod("password")
                                .property("host", "memory")
                                .property("user", "owner_db")
                                .secret("password", "owner-pw"))
                .id();
        connections.share(alice, id, Sharing.viewerCredentials(), true);
        connections.provideViewerCredentials(bob, id, Map.of("user", "bob_db", "password", VIEWER_PASSWORD));
        store.reset();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    private Object currentUser(Principal principal) {
        try (QueryResult rows = connections.query(principal, id, Query.sql("select current_user"))) {
            rows.next();
            return rows.value(0);
        }
    }

    @Test
    void theOwnersFirstQueryReadsTheStoreOnceIncludingOpeningTheClient() {
        assertThat(currentUser(alice)).isEqualTo("owner_db");

        assertThat(store.calls()).containsExactly("findForUser");
    }

    @Test
    void aViewersFirstQueryReadsTheStoreOnceIncludingTheirCredentials() {
        assertThat(currentUser(bob)).isEqualTo("bob_db");

        assertThat(store.calls()).containsExactly("findForUser");
    }

    @Test
    void aViewersLaterQueriesReadTheStoreOnceEach() {
        currentUser(bob);
        store.reset();

        currentUser(bob);
        currentUser(bob);

        assertThat(store.calls()).containsExactly("findForUser", "findForUser");
    }

    @Test
    void aTokensLaterQueriesRunAsTheServiceIdentityReadingTheStoreOnceEach() {
        connections.setServiceIdentity(alice, id, Map.of("user", "service_db", "password", "service-pw"));
        IssuedGrant issued = connections.createGrant(
                alice,
                id,
                NewGrant.query(clock.instant().plus(Duration.ofDays(1)), GrantSource.NamedQuery.of("who", "select 1")));
        TokenCall call = TokenCall.of(organization, issued.token(), SourceRequest.NamedQueryCall.of("who"));
        assertThat(tokenUser(call)).isEqualTo("service_db");
        store.reset();

        assertThat(tokenUser(call)).isEqualTo("service_db");
        assertThat(tokenUser(call)).isEqualTo("service_db");

        assertThat(store.calls()).containsExactly("findForUser", "findForUser");
    }

    private Object tokenUser(TokenCall call) {
        try (QueryResult rows = connections.query(call)) {
            rows.next();
            return rows.value(0);
        }
    }
}
