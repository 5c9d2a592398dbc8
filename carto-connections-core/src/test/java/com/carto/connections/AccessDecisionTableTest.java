package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.grants.Grant;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every role × relation × sharing mode × action through the facade, each cell asserted against {@link #TABLE}: the
 * access model written down as data (README, "Access model"). Run on H2 and on the real PostgreSQL store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccessDecisionTableTest {
    /**
     * One line per action and sharing; per relation (owner, same organization, in the group, not in the group, other
     * organization) the outcome for a SUPERADMIN, ADMIN, EDITOR and VIEWER. Outcomes: {@code ok}; for VIEW and LIST the
     * reason shown ({@code OW}ner, {@code OR}ganization, {@code GR}oup, {@code VC} viewer credentials, {@code SA}
     * superadmin); else the error category: {@code NF} NOT_FOUND, {@code PD} PERMISSION_DENIED, {@code AU}
     * AUTHENTICATION (viewer credentials required), {@code IU} IN_USE (shared, so not deletable), {@code UN}
     * UNSUPPORTED (a grant on a connection shared with viewer credentials without a service identity), {@code IC}
     * INVALID_CONFIGURATION (a service identity for a connection not shared with viewer credentials). GRANT creates a
     * grant, GRANTS lists them, TOKEN re-issues the token of a grant the owner made while the connection was private
     * (its creator or the connection's owner only: a token hands out the creator's access) and UNGRANT revokes it;
     * HANDOVER transfers that grant (to the owner, who may use the connection wherever it is shared), SERVICE sets the
     * service identity and runs a new grant's token as it, DROP_SVC removes the service identity.
     * The connection's group is {@code analysts}; the owner created it as an editor.
     */
    static final List<String> TABLE = List.of(
            //                     owner         same org      in group      not in group  other org
            "VIEW     PRIVATE    | OW OW OW OW | SA NF NF NF | SA NF NF NF | SA NF NF NF | NF NF NF NF",
            "VIEW     ORG        | OW OW OW OW | OR OR OR OR | OR OR OR OR | OR OR OR OR | NF NF NF NF",
            "VIEW     GROUPS     | OW OW OW OW | SA NF NF NF | GR GR GR GR | SA NF NF NF | NF NF NF NF",
            "VIEW     VIEWERS    | OW OW OW OW | VC VC VC VC | VC VC VC VC | VC VC VC VC | NF NF NF NF",
            "LIST     PRIVATE    | OW OW OW OW | SA NF NF NF | SA NF NF NF | SA NF NF NF | NF NF NF NF",
            "LIST     ORG        | OW OW OW OW | OR OR OR OR | OR OR OR OR | OR OR OR OR | NF NF NF NF",
            "LIST     GROUPS     | OW OW OW OW | SA NF NF NF | GR GR GR GR | SA NF NF NF | NF NF NF NF",
            "LIST     VIEWERS    | OW OW OW OW | VC VC VC VC | VC VC VC VC | VC VC VC VC | NF NF NF NF",
            "USE      PRIVATE    | ok ok ok ok | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "USE      ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "USE      GROUPS     | ok ok ok ok | PD NF NF NF | ok ok ok ok | PD NF NF NF | NF NF NF NF",
            "USE      VIEWERS    | ok ok ok ok | AU AU AU AU | AU AU AU AU | AU AU AU AU | NF NF NF NF",
            "QUERY    PRIVATE    | ok ok ok ok | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "QUERY    ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "QUERY    GROUPS     | ok ok ok ok | PD NF NF NF | ok ok ok ok | PD NF NF NF | NF NF NF NF",
            "QUERY    VIEWERS    | ok ok ok ok | AU AU AU AU | AU AU AU AU | AU AU AU AU | NF NF NF NF",
            "TILE     PRIVATE    | ok ok ok ok | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "TILE     ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "TILE     GROUPS     | ok ok ok ok | PD NF NF NF | ok ok ok ok | PD NF NF NF | NF NF NF NF",
            "TILE     VIEWERS    | ok ok ok ok | AU AU AU AU | AU AU AU AU | AU AU AU AU | NF NF NF NF",
            "EXECUTE  PRIVATE    | ok ok ok ok | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "EXECUTE  ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "EXECUTE  GROUPS     | ok ok ok ok | PD NF NF NF | ok ok ok ok | PD NF NF NF | NF NF NF NF",
            "EXECUTE  VIEWERS    | ok ok ok ok | AU AU AU AU | AU AU AU AU | AU AU AU AU | NF NF NF NF",
            "WRITE    PRIVATE    | ok ok ok ok | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "WRITE    ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "WRITE    GROUPS     | ok ok ok ok | PD NF NF NF | ok ok ok ok | PD NF NF NF | NF NF NF NF",
            "WRITE    VIEWERS    | ok ok ok ok | AU AU AU AU | AU AU AU AU | AU AU AU AU | NF NF NF NF",
            "CATALOG  PRIVATE    | ok ok ok ok | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "CATALOG  ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "CATALOG  GROUPS     | ok ok ok ok | PD NF NF NF | ok ok ok ok | PD NF NF NF | NF NF NF NF",
            "CATALOG  VIEWERS    | ok ok ok ok | AU AU AU AU | AU AU AU AU | AU AU AU AU | NF NF NF NF",
            "PROVIDE  PRIVATE    | PD PD PD PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "PROVIDE  ORG        | PD PD PD PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "PROVIDE  GROUPS     | PD PD PD PD | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "PROVIDE  VIEWERS    | PD PD PD PD | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "USE_OWN  PRIVATE    | PD PD PD PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "USE_OWN  ORG        | PD PD PD PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "USE_OWN  GROUPS     | PD PD PD PD | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "USE_OWN  VIEWERS    | PD PD PD PD | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "REVOKE   PRIVATE    | ok ok ok ok | ok NF NF NF | ok NF NF NF | ok NF NF NF | NF NF NF NF",
            "REVOKE   ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "REVOKE   GROUPS     | ok ok ok ok | ok NF NF NF | ok ok ok ok | ok NF NF NF | NF NF NF NF",
            "REVOKE   VIEWERS    | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "EDIT     PRIVATE    | ok ok ok PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "EDIT     ORG        | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "EDIT     GROUPS     | ok ok ok PD | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "EDIT     VIEWERS    | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "RENAME   PRIVATE    | ok ok ok PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "RENAME   ORG        | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "RENAME   GROUPS     | ok ok ok PD | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "RENAME   VIEWERS    | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "SHARE    PRIVATE    | ok ok ok PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "SHARE    ORG        | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "SHARE    GROUPS     | ok ok ok PD | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "SHARE    VIEWERS    | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "DELETE   PRIVATE    | ok ok ok PD | ok NF NF NF | ok NF NF NF | ok NF NF NF | NF NF NF NF",
            "DELETE   ORG        | IU IU IU PD | IU PD PD PD | IU PD PD PD | IU PD PD PD | NF NF NF NF",
            "DELETE   GROUPS     | IU IU IU PD | IU NF NF NF | IU PD PD PD | IU NF NF NF | NF NF NF NF",
            "DELETE   VIEWERS    | IU IU IU PD | IU PD PD PD | IU PD PD PD | IU PD PD PD | NF NF NF NF",
            "TRANSFER PRIVATE    | ok PD PD PD | ok NF NF NF | ok NF NF NF | ok NF NF NF | NF NF NF NF",
            "TRANSFER ORG        | ok PD PD PD | ok PD PD PD | ok PD PD PD | ok PD PD PD | NF NF NF NF",
            "TRANSFER GROUPS     | ok PD PD PD | ok NF NF NF | ok PD PD PD | ok NF NF NF | NF NF NF NF",
            "TRANSFER VIEWERS    | ok PD PD PD | ok PD PD PD | ok PD PD PD | ok PD PD PD | NF NF NF NF",
            "GRANT    PRIVATE    | ok ok ok PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "GRANT    ORG        | ok ok ok PD | ok ok ok PD | ok ok ok PD | ok ok ok PD | NF NF NF NF",
            "GRANT    GROUPS     | ok ok ok PD | PD NF NF NF | ok ok ok PD | PD NF NF NF | NF NF NF NF",
            "GRANT    VIEWERS    | UN UN UN PD | UN UN UN PD | UN UN UN PD | UN UN UN PD | NF NF NF NF",
            "GRANTS   PRIVATE    | ok ok ok ok | ok NF NF NF | ok NF NF NF | ok NF NF NF | NF NF NF NF",
            "GRANTS   ORG        | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "GRANTS   GROUPS     | ok ok ok ok | ok NF NF NF | ok ok ok ok | ok NF NF NF | NF NF NF NF",
            "GRANTS   VIEWERS    | ok ok ok ok | ok ok ok ok | ok ok ok ok | ok ok ok ok | NF NF NF NF",
            "TOKEN    PRIVATE    | ok ok ok ok | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "TOKEN    ORG        | ok ok ok ok | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "TOKEN    GROUPS     | ok ok ok ok | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "TOKEN    VIEWERS    | ok ok ok ok | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "UNGRANT  PRIVATE    | ok ok ok ok | ok NF NF NF | ok NF NF NF | ok NF NF NF | NF NF NF NF",
            "UNGRANT  ORG        | ok ok ok ok | ok PD PD PD | ok PD PD PD | ok PD PD PD | NF NF NF NF",
            "UNGRANT  GROUPS     | ok ok ok ok | ok NF NF NF | ok PD PD PD | ok NF NF NF | NF NF NF NF",
            "UNGRANT  VIEWERS    | ok ok ok ok | ok PD PD PD | ok PD PD PD | ok PD PD PD | NF NF NF NF",
            "HANDOVER PRIVATE    | ok ok ok ok | ok NF NF NF | ok NF NF NF | ok NF NF NF | NF NF NF NF",
            "HANDOVER ORG        | ok ok ok ok | ok PD PD PD | ok PD PD PD | ok PD PD PD | NF NF NF NF",
            "HANDOVER GROUPS     | ok ok ok ok | ok NF NF NF | ok PD PD PD | ok NF NF NF | NF NF NF NF",
            "HANDOVER VIEWERS    | UN UN UN UN | UN PD PD PD | UN PD PD PD | UN PD PD PD | NF NF NF NF",
            "SERVICE  PRIVATE    | IC IC IC PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "SERVICE  ORG        | IC IC IC PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "SERVICE  GROUPS     | IC IC IC PD | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "SERVICE  VIEWERS    | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "DROP_SVC PRIVATE    | ok ok ok PD | PD NF NF NF | PD NF NF NF | PD NF NF NF | NF NF NF NF",
            "DROP_SVC ORG        | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF",
            "DROP_SVC GROUPS     | ok ok ok PD | PD NF NF NF | PD PD PD PD | PD NF NF NF | NF NF NF NF",
            "DROP_SVC VIEWERS    | ok ok ok PD | PD PD PD PD | PD PD PD PD | PD PD PD PD | NF NF NF NF");

    /** The relations of the table's columns, in order. */
    enum Relation {
        OWNER,
        SAME_ORGANIZATION,
        IN_GROUP,
        NOT_IN_GROUP,
        OTHER_ORGANIZATION
    }

    /** The facade operation each action of the table exercises; the reflection test reads it. */
    static final Map<String, Set<String>> OPERATIONS_BY_ACTION = Map.ofEntries(
            Map.entry("VIEW", Set.of("get")),
            Map.entry("LIST", Set.of("list")),
            Map.entry("USE", Set.of("check")),
            Map.entry("QUERY", Set.of("query")),
            Map.entry("TILE", Set.of("tile", "tileJson")),
            Map.entry("EXECUTE", Set.of("execute")),
            Map.entry("WRITE", Set.of("createTable", "dropTable")),
            Map.entry("CATALOG", Set.of("catalog")),
            Map.entry("PROVIDE", Set.of("provideViewerCredentials")),
            Map.entry("USE_OWN", Set.of("provideViewerCredentials", "check", "query")),
            Map.entry("REVOKE", Set.of("revokeViewerCredentials")),
            Map.entry("EDIT", Set.of("update")),
            Map.entry("RENAME", Set.of("rename")),
            Map.entry("SHARE", Set.of("share")),
            Map.entry("DELETE", Set.of("delete")),
            Map.entry("TRANSFER", Set.of("transferOwnership")),
            Map.entry("GRANT", Set.of("createGrant")),
            Map.entry("GRANTS", Set.of("grants")),
            Map.entry("TOKEN", Set.of("grantToken")),
            Map.entry("UNGRANT", Set.of("revokeGrant")),
            Map.entry("HANDOVER", Set.of("transferGrant")),
            Map.entry("SERVICE", Set.of("setServiceIdentity")),
            Map.entry("DROP_SVC", Set.of("removeServiceIdentity")));

    private static final String GROUP = "analysts";
    private static final Map<String, Sharing> SHARINGS = Map.of(
            "PRIVATE", Sharing.PRIVATE,
            "ORG", Sharing.organization(),
            "GROUPS", Sharing.groups(GROUP),
            "VIEWERS", Sharing.viewerCredentials());

    private final MemoryWarehouse warehouse =
            new MemoryWarehouse().acceptPassword("owner_db", "owner-pw").acceptPassword("viewer_db", "viewer-pw");
    private Connections connections;

    abstract ConnectionStore store();

    @BeforeAll
    void open() {
        connections = Connections.builder()
                .store(store())
                .keys(KeyRing.generate("k1"))
                .providers(Providers.of(warehouse.provider()))
                // Only token use asks the directory; creating grants needs one configured.
                .members((organizationId, userId) ->
                        Optional.of(new Principal(userId, organizationId, Role.EDITOR, Set.of())))
                .build();
    }

    @AfterAll
    void close() {
        connections.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCellOfTheTableHoldsThroughTheFacade() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : TABLE) {
            String[] parts = line.split("\\|");
            String[] head = parts[0].trim().split("\\s+");
            String action = head[0];
            Sharing sharing = SHARINGS.get(head[1]);
            for (Relation relation : Relation.values()) {
                String[] outcomes = parts[relation.ordinal() + 1].trim().split("\\s+");
                for (Role role : Role.values()) {
                    String expected = outcomes[role.ordinal()];
                    tests.add(DynamicTest.dynamicTest(
                            role + " " + relation + " " + action + " on " + head[1] + " → " + expected,
                            () -> assertThat(outcome(action, sharing, relation, role))
                                    .isEqualTo(expected)));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> onlyEditorsAndAboveCreateOrCheckDrafts() {
        Map<Role, String> expected =
                new EnumMap<>(Map.of(Role.SUPERADMIN, "ok", Role.ADMIN, "ok", Role.EDITOR, "ok", Role.VIEWER, "PD"));
        return Arrays.stream(Role.values())
                .flatMap(role -> Stream.of(
                        DynamicTest.dynamicTest(
                                role + " creates → " + expected.get(role),
                                () -> assertThat(outcome(
                                                () -> {
                                                    connections.create(
                                                            Principal.of("creator", "org-" + UUID.randomUUID(), role),
                                                            draft("created"));
                                                },
                                                "ok"))
                                        .isEqualTo(expected.get(role))),
                        DynamicTest.dynamicTest(
                                role + " checks a draft → " + expected.get(role),
                                () -> assertThat(outcome(
                                                () -> {
                                                    connections.check(
                                                            Principal.of("creator", "org-" + UUID.randomUUID(), role),
                                                            draft("checked"));
                                                },
                                                "ok"))
                                        .isEqualTo(expected.get(role)))));
    }

    private String outcome(String action, Sharing sharing, Relation relation, Role role) {
        String organization = "org-" + UUID.randomUUID();
        Principal owner = new Principal("owner", organization, Role.EDITOR, Set.of());
        Connection connection = connections.create(owner, draft("subject"));
        Grant ownersGrant =
                connections.createGrant(owner, connection.id(), grantDraft()).grant();
        if (sharing.isShared()) {
            connection =
                    connections.share(owner, connection.id(), sharing, true).connection();
        }
        Principal actor = actor(relation, role, organization);
        String id = connection.id();
        long version = connection.version();
        return switch (action) {
            case "VIEW" ->
                outcomeOf(() -> abbreviation(connections.get(actor, id).access()));
            case "LIST" -> listed(actor, organization, id);
            case "USE" ->
                outcome(() -> assertThat(connections.check(actor, id).ok()).isTrue(), "ok");
            case "QUERY" ->
                outcomeOf(() -> {
                    try (QueryResult rows = connections.query(actor, id, Query.sql("select current_user"))) {
                        assertThat(rows.next()).isTrue();
                        return rows.value(0).equals("owner_db") ? "ok" : "ran as " + rows.value(0);
                    }
                });
            case "TILE" -> outcomeOf(() -> reachedTheWarehouse(actor, id));
            case "EXECUTE" -> outcome(() -> connections.execute(actor, id, Query.sql("create table t (a int)")), "ok");
            case "WRITE" ->
                outcome(
                        () -> {
                            connections.createTable(actor, id, List.of("written"), Query.sql("select 1"));
                            connections.dropTable(actor, id, List.of("written"));
                            assertThat(warehouse.tables()).doesNotContain("written");
                        },
                        "ok");
            case "CATALOG" ->
                outcome(
                        () -> assertThat(connections
                                        .catalog(actor, id)
                                        .databases(PageRequest.first(10))
                                        .items())
                                .extracting(Catalog.Database::name)
                                .containsExactly("memory"),
                        "ok");
            case "PROVIDE" -> outcome(() -> connections.provideViewerCredentials(actor, id, viewerCredentials()), "ok");
            case "USE_OWN" ->
                outcome(
                        () -> {
                            connections.provideViewerCredentials(actor, id, viewerCredentials());
                            assertThat(connections.check(actor, id).ok()).isTrue();
                            assertThat(warehouse.checkedAs()).last().isEqualTo("viewer_db");
                            try (QueryResult rows = connections.query(actor, id, Query.sql("select current_user"))) {
                                assertThat(rows.next()).isTrue();
                                assertThat(rows.value(0)).isEqualTo("viewer_db");
                            }
                        },
                        "ok");
            case "REVOKE" -> outcome(() -> connections.revokeViewerCredentials(actor, id), "ok");
            case "EDIT" ->
                outcome(
                        () -> connections.update(
                                actor, id, ConnectionChanges.none().property("host", "elsewhere"), version),
                        "ok");
            case "RENAME" -> outcome(() -> connections.rename(actor, id, "renamed", version), "ok");
            case "SHARE" ->
                outcome(
                        () -> assertThat(connections
                                        .share(
                                                actor,
                                                id,
                                                sharing.mode() == Sharing.Mode.ORGANIZATION
                                                        ? Sharing.PRIVATE
                                                        : Sharing.organization(),
                                                true)
                                        .applied())
                                .isTrue(),
                        "ok");
            case "DELETE" -> outcome(() -> connections.delete(actor, id, version), "ok");
            case "TRANSFER" ->
                outcome(
                        () -> connections.transferOwnership(
                                actor, id, new Principal("new-owner", organization, Role.EDITOR, Set.of())),
                        "ok");
            case "GRANT" -> outcome(() -> connections.createGrant(actor, id, grantDraft()), "ok");
            case "GRANTS" ->
                outcome(
                        () -> assertThat(connections.grants(actor, id))
                                .extracting(Grant::id)
                                .contains(ownersGrant.id()),
                        "ok");
            case "TOKEN" ->
                outcome(
                        () -> assertThat(connections
                                        .grantToken(actor, ownersGrant.id())
                                        .reveal())
                                .isNotEmpty(),
                        "ok");
            case "UNGRANT" ->
                outcome(
                        () -> assertThat(connections
                                        .revokeGrant(actor, ownersGrant.id())
                                        .revokedAt())
                                .isPresent(),
                        "ok");
            case "HANDOVER" ->
                outcome(
                        () -> assertThat(connections
                                        .transferGrant(actor, ownersGrant.id(), "owner")
                                        .creatorId())
                                .isEqualTo("owner"),
                        "ok");
            case "SERVICE" ->
                outcomeOf(() -> {
                    connections.setServiceIdentity(actor, id, viewerCredentials());
                    IssuedGrant issued = connections.createGrant(owner, id, grantDraft());
                    try (QueryResult rows = connections.query(TokenCall.of(
                            organization, issued.token(), SourceRequest.TableRead.of(List.of("public", "t"), "a")))) {
                        assertThat(rows.next()).isTrue();
                        return rows.value(0).equals("viewer_db") ? "ok" : "ran as " + rows.value(0);
                    }
                });
            case "DROP_SVC" -> {
                boolean set = sharing.mode() == Sharing.Mode.VIEWER_CREDENTIALS;
                if (set) {
                    connections.setServiceIdentity(owner, id, viewerCredentials());
                }
                yield outcome(
                        () -> assertThat(connections.removeServiceIdentity(actor, id))
                                .isEqualTo(set),
                        "ok");
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
    }

    private String listed(Principal actor, String organization, String id) {
        Page<Connection> page =
                connections.list(actor, ConnectionFilter.organization(actor.organizationId()), PageRequest.first(100));
        if (!actor.organizationId().equals(organization)) {
            // The other organization's own listing, and a listing of the connection's organization, both omit it.
            assertThat(connections
                            .list(actor, ConnectionFilter.organization(organization), PageRequest.first(100))
                            .items())
                    .isEmpty();
        }
        return page.items().stream()
                .filter(item -> item.id().equals(id))
                .findFirst()
                .map(item -> abbreviation(item.access()))
                .orElse("NF");
    }

    private static Principal actor(Relation relation, Role role, String organization) {
        return switch (relation) {
            case OWNER -> new Principal("owner", organization, role, Set.of());
            case SAME_ORGANIZATION -> new Principal("member", organization, role, Set.of());
            case IN_GROUP -> new Principal("member", organization, role, Set.of(GROUP, "maps"));
            case NOT_IN_GROUP -> new Principal("member", organization, role, Set.of("finance"));
            case OTHER_ORGANIZATION -> new Principal("member", "other-" + organization, role, Set.of(GROUP));
        };
    }

    private static NewConnection draft(String name) {
        return NewConnection.of("memory", name)
                .authMethod("password")
                .property("host", "memory")
                .property("user", "owner_db")
                .secret("password", "owner-pw");
    }

    private static NewGrant grantDraft() {
        return NewGrant.query(
                Instant.now().plus(Duration.ofDays(1)), GrantSource.Table.of(List.of("public", "t"), "a"));
    }

    private static Map<String, Object> viewerCredentials() {
        return Map.of("user", "viewer_db", "password", "viewer-pw");
    }

    /**
     * A tile and a TileJSON of a source the memory warehouse cannot serve: past the access check, the warehouse's
     * dialect has no tile filter ({@code UNSUPPORTED}) and its one-column result holds no geometry
     * ({@code INVALID_CONFIGURATION} naming {@code geometryColumn}); either means the call reached the warehouse.
     */
    private String reachedTheWarehouse(Principal actor, String id) {
        TileSource source = TileSource.table(List.of("places"), "geom");
        ConnectionException tile = catchThrowableOfType(
                ConnectionException.class, () -> connections.tile(actor, id, source, new TileCoordinates(0, 0, 0)));
        if (tile.category() != ErrorCategory.UNSUPPORTED) {
            throw tile;
        }
        ConnectionException tileJson = catchThrowableOfType(
                ConnectionException.class, () -> connections.tileJson(actor, id, source, "/{z}/{x}/{y}"));
        assertThat(tileJson.getMessage()).contains("geometryColumn");
        return "ok";
    }

    private static String outcome(Runnable action, String success) {
        return outcomeOf(() -> {
            action.run();
            return success;
        });
    }

    private static String outcomeOf(Supplier<String> action) {
        String[] result = new String[1];
        Throwable failure = catchThrowable(() -> result[0] = action.get());
        if (failure == null) {
            return result[0];
        }
        if (failure instanceof ConnectionException exception) {
            // The table's cells are two letters wide; the model tests keep the category's name.
            return exception.category() == ErrorCategory.INVALID_CONFIGURATION ? "IC" : code(exception);
        }
        throw new AssertionError("not a ConnectionException", failure);
    }

    /** The table's abbreviation of a failure's category. */
    static String code(ConnectionException exception) {
        return switch (exception.category()) {
            case NOT_FOUND -> "NF";
            case PERMISSION_DENIED -> "PD";
            case AUTHENTICATION -> "AU";
            case IN_USE -> "IU";
            case UNSUPPORTED -> "UN";
            default -> exception.category().name();
        };
    }

    static String abbreviation(AccessReason reason) {
        return switch (reason) {
            case OWNER -> "OW";
            case ORGANIZATION -> "OR";
            case GROUP -> "GR";
            case VIEWER_CREDENTIALS -> "VC";
            case SUPERADMIN -> "SA";
        };
    }
}
