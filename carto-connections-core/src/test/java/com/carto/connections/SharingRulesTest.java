package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.access.AccessReason;
import com.carto.connections.access.Dependent;
import com.carto.connections.access.GovernancePolicy;
import com.carto.connections.access.InUseException;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.access.ViewerCredentialsRequiredException;
import com.carto.connections.check.CheckFailedException;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Page;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.LogCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sharing, viewer-credential, governance, delete and transfer rules, one behaviour each, on the embedded store. */
class SharingRulesTest {
    private static final String VIEWER_PASSWORD = "viewer-secret-" + UUID.randomUUID();

    @TempDir
    Path directory;

    private final MemoryWarehouse warehouse = new MemoryWarehouse()
            .acceptPassword("owner_db", "owner-pw")
            .acceptPassword("bob_db", VIEWER_PASSWORD)
            .acceptRefreshToken("alice-token");
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final String organization = "org-" + UUID.randomUUID();
    private final Principal alice = new Principal("alice", organization, Role.EDITOR, Set.of("analysts"));
    private final Principal bob = new Principal("bob", organization, Role.EDITOR, Set.of("analysts"));
    private final Principal carol = new Principal("carol", organization, Role.VIEWER, Set.of("finance"));
    private final Principal sam = new Principal("sam", organization, Role.SUPERADMIN, Set.of());
    private GovernancePolicy policy = GovernancePolicy.permissive();
    private Connections connections;

    @BeforeEach
    void open() {
        connections = Connections.builder()
                .store(ConnectionStore.embedded(directory))
                .keys(KeyRing.generate("k1"))
                .providers(Providers.of(warehouse.provider()))
                .listener(events::add)
                .governance(organizationId -> policy)
                .build();
    }

    @AfterEach
    void close() {
        connections.close();
    }

    private Connection created(String name) {
        return connections.create(
                alice,
                NewConnection.of("memory", name)
                        .authMethod("password")
                        .property("host", "memory")
                        .property("user", "owner_db")
                        .secret("password", "owner-pw"));
    }

    @Test
    void sharingWithGroupsNeedsAtLeastOneGroup() {
        InvalidConfigurationException failure =
                catchThrowableOfType(InvalidConfigurationException.class, () -> Sharing.groups(Set.of()));

        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("sharing.groups");
    }

    @Test
    void personalCredentialsCanBeSharedOnlyWithViewerCredentials() {
        Connection oauth = connections.create(
                alice,
                NewConnection.of("memory", "oauth")
                        .authMethod("oauth")
                        .property("host", "memory")
                        .secret("clientSecret", "app-secret")
                        .secret("refreshToken", "alice-token"));

        InvalidConfigurationException failure = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> connections.share(alice, oauth.id(), Sharing.organization(), true));

        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("sharing");
        assertThat(connections
                        .share(alice, oauth.id(), Sharing.viewerCredentials(), true)
                        .applied())
                .isTrue();
    }

    @Test
    void viewerCredentialsAreRefusedWhereTheProviderTakesNone() {
        Connection service = connections.create(
                alice,
                NewConnection.of("memory", "service")
                        .authMethod("service")
                        .property("host", "memory")
                        .secret("key", "service-key"));

        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> connections.share(alice, service.id(), Sharing.viewerCredentials(), true));

        assertThat(failure.category()).isEqualTo(ErrorCategory.UNSUPPORTED);
        assertThat(connections.get(alice, service.id()).sharing()).isEqualTo(Sharing.PRIVATE);
    }

    @Test
    void narrowingThatBreaksOtherUsersDependentsChangesNothingUntilConfirmed() {
        Connection shared = connections
                .share(alice, created("narrowed").id(), Sharing.organization(), true)
                .connection();
        connections.usages().record(shared.id(), new Dependent("map", "bobs-map", "bob"));
        connections.usages().record(shared.id(), new Dependent("map", "alices-map", "alice"));

        SharingChange proposed = connections.share(alice, shared.id(), Sharing.groups("finance"), false);

        assertThat(proposed.applied()).isFalse();
        assertThat(proposed.impact()).containsExactly(new Dependent("map", "bobs-map", "bob"));
        assertThat(connections.get(bob, shared.id()).sharing()).isEqualTo(Sharing.organization());

        SharingChange confirmed = connections.share(alice, shared.id(), Sharing.groups("finance"), true);

        assertThat(confirmed.applied()).isTrue();
        assertThat(confirmed.connection().version()).isEqualTo(shared.version() + 1);
        assertThatThrownBy(() -> connections.get(bob, shared.id()))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void wideningNeedsNoConfirmationWhateverDependsOnTheConnection() {
        Connection grouped = connections
                .share(alice, created("widened").id(), Sharing.groups("analysts"), true)
                .connection();
        connections.usages().record(grouped.id(), new Dependent("map", "bobs-map", "bob"));

        SharingChange widened = connections.share(alice, grouped.id(), Sharing.organization(), false);

        assertThat(widened.applied()).isTrue();
        assertThat(widened.impact()).isEmpty();
    }

    @Test
    void usingAConnectionSharedWithViewerCredentialsWithoutOwnCredentialsSaysTheyAreRequired() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();

        ConnectionException failure =
                catchThrowableOfType(ConnectionException.class, () -> connections.check(bob, shared.id()));

        assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(failure).hasMessageContaining("viewer credentials");
    }

    @Test
    void aViewerUsesTheConnectionAsTheirOwnWarehouseUserWithAClientOfTheirOwn() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));

        assertThat(connections.check(bob, shared.id()).ok()).isTrue();
        assertThat(warehouse.checkedAs()).last().isEqualTo("bob_db");
        assertThat(connections.check(alice, shared.id()).ok()).isTrue();
        assertThat(warehouse.checkedAs()).last().isEqualTo("owner_db");
        assertThat(warehouse.openedIdentities()).containsSubsequence("viewer:bob", "owner");
    }

    @Test
    void aViewerAndTheOwnerQueryThroughClientsOfTheirOwn() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));

        List<Object> users = new ArrayList<>();
        for (Principal principal : List.of(bob, alice, bob)) {
            try (QueryResult rows = connections.query(principal, shared.id(), Query.sql("select current_user"))) {
                rows.next();
                users.add(rows.value(0));
            }
        }

        assertThat(users).containsExactly("bob_db", "owner_db", "bob_db");
        assertThat(connections.clientMetrics().openClients()).isEqualTo(2);
    }

    @Test
    void revokingViewerCredentialsClosesTheViewersClient() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));
        connections.query(bob, shared.id(), Query.sql("select current_user")).close();
        assertThat(connections.clientMetrics().openClients()).isEqualTo(1);

        connections.revokeViewerCredentials(bob, shared.id());

        assertThat(connections.clientMetrics().openClients()).isZero();
    }

    @Test
    void aViewerWithoutCredentialsGetsATypedErrorTheHostCanTellFromRejectedOnes() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();

        assertThatThrownBy(() -> connections.query(bob, shared.id(), Query.sql("select 1")))
                .isInstanceOf(ViewerCredentialsRequiredException.class);
    }

    @Test
    void changingWhereTheConnectionPointsDropsEveryViewersCredentials() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));

        connections.update(
                alice, shared.id(), ConnectionChanges.none().property("host", "elsewhere.example"), shared.version());

        assertThatThrownBy(() -> connections.check(bob, shared.id()))
                .isInstanceOf(ViewerCredentialsRequiredException.class);
    }

    @Test
    void changingOnlyAnAdvancedOptionKeepsTheViewersCredentials() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));

        connections.update(alice, shared.id(), ConnectionChanges.none().option("queryTimeout", "1m"), shared.version());

        assertThat(connections.check(bob, shared.id()).ok()).isTrue();
    }

    @Test
    void aViewersCiphertextCopiedToAnotherViewerDoesNotDecrypt() {
        Principal dave = new Principal("dave", organization, Role.EDITOR, Set.of());
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));
        try (ConnectionStore sameFiles = ConnectionStore.embedded(directory)) {
            sameFiles.putViewerCredentials(shared.id(), "dave", sameFiles.viewerCredentials(shared.id(), "bob"));
        }

        int checksBefore = warehouse.checkedAs().size();

        assertThatThrownBy(() -> connections.check(dave, shared.id())).isInstanceOf(ConnectionException.class);
        assertThat(warehouse.checkedAs()).hasSize(checksBefore);
    }

    @Test
    void viewerCredentialsThatFailTheLiveCheckAreNotStored() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();

        assertThatThrownBy(() -> connections.provideViewerCredentials(
                        bob, shared.id(), Map.of("user", "bob_db", "password", "wrong")))
                .isInstanceOf(CheckFailedException.class);

        assertThatThrownBy(() -> connections.check(bob, shared.id()))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION));
    }

    @Test
    void viewerCredentialsWithAnUnknownFieldNameTheField() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();

        InvalidConfigurationException failure = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> connections.provideViewerCredentials(
                        bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD, "host", "elsewhere")));

        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .contains("host");
    }

    @Test
    void revokedViewerCredentialsNoLongerWork() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));

        assertThat(connections.revokeViewerCredentials(bob, shared.id())).isTrue();

        assertThatThrownBy(() -> connections.check(bob, shared.id()))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION));
    }

    @Test
    void leavingViewerCredentialsForgetsEveryViewersCredentials() {
        Connection shared = connections
                .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));
        connections.share(alice, shared.id(), Sharing.PRIVATE, true);

        connections.share(alice, shared.id(), Sharing.viewerCredentials(), true);

        assertThat(connections.revokeViewerCredentials(bob, shared.id())).isFalse();
    }

    @Test
    void viewerCredentialsNeverReachEventsLogsOrMessages() {
        try (LogCapture logs = LogCapture.start()) {
            Connection shared = connections
                    .share(alice, created("viewers").id(), Sharing.viewerCredentials(), true)
                    .connection();
            connections.provideViewerCredentials(
                    bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));
            connections.check(bob, shared.id());
            Throwable wrong = catchThrowableOfType(
                    CheckFailedException.class,
                    () -> connections.provideViewerCredentials(
                            bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD + "-wrong")));
            List<String> everything = new ArrayList<>(logs.lines());
            events.forEach(event -> everything.add(event.toString()));
            everything.add(connections.get(bob, shared.id()).toString());
            for (Throwable cause = wrong; cause != null; cause = cause.getCause()) {
                everything.add(String.valueOf(cause));
            }

            assertThat(everything).isNotEmpty().noneMatch(line -> line.contains(VIEWER_PASSWORD));
        }
    }

    @Test
    void theOrganizationsPolicyCanForbidAProviderAnAuthMethodOrARoleFromCreating() {
        policy = GovernancePolicy.permissive().allowProviders("postgres");
        assertThat(catchThrowableOfType(ConnectionException.class, () -> created("forbidden"))
                        .category())
                .isEqualTo(ErrorCategory.PERMISSION_DENIED);

        policy = GovernancePolicy.permissive().allowAuthMethods("service");
        assertThat(catchThrowableOfType(ConnectionException.class, () -> created("forbidden"))
                        .category())
                .isEqualTo(ErrorCategory.PERMISSION_DENIED);

        policy = GovernancePolicy.permissive().allowCreation(Role.ADMIN, Role.SUPERADMIN);
        assertThat(catchThrowableOfType(ConnectionException.class, () -> created("forbidden")))
                .hasMessageContaining("policy")
                .extracting(ConnectionException::category)
                .isEqualTo(ErrorCategory.PERMISSION_DENIED);
    }

    @Test
    void theOrganizationsPolicyAppliesToDraftChecksBeforeAnyWarehouseIsContacted() {
        policy = GovernancePolicy.permissive().allowProviders("postgres");

        assertThat(catchThrowableOfType(
                                ConnectionException.class,
                                () -> connections.check(
                                        alice,
                                        NewConnection.of("memory", "draft")
                                                .authMethod("password")
                                                .property("host", "memory")
                                                .property("user", "owner_db")
                                                .secret("password", "owner-pw")))
                        .category())
                .isEqualTo(ErrorCategory.PERMISSION_DENIED);
        assertThat(warehouse.openedIdentities()).isEmpty();
    }

    @Test
    void aConnectionWithPersonalCredentialsCannotChangeOwner() {
        Connection oauth = connections.create(
                alice,
                NewConnection.of("memory", "oauth")
                        .authMethod("oauth")
                        .property("host", "memory")
                        .secret("clientSecret", "app-secret")
                        .secret("refreshToken", "alice-token"));

        assertThat(catchThrowableOfType(
                                ConnectionException.class, () -> connections.transferOwnership(sam, oauth.id(), bob))
                        .category())
                .isEqualTo(ErrorCategory.PERMISSION_DENIED);
        assertThat(connections.get(sam, oauth.id()).ownerId()).isEqualTo("alice");
    }

    @Test
    void aPolicyThatForbidsSharingLeavesSharedConnectionsWorking() {
        Connection shared = connections
                .share(alice, created("shared").id(), Sharing.groups("analysts"), true)
                .connection();

        policy = GovernancePolicy.permissive().sharing(false);

        assertThat(catchThrowableOfType(
                                ConnectionException.class,
                                () -> connections.share(alice, shared.id(), Sharing.organization(), true))
                        .category())
                .isEqualTo(ErrorCategory.PERMISSION_DENIED);
        assertThat(connections.check(bob, shared.id()).ok()).isTrue();
        assertThat(connections.share(alice, shared.id(), Sharing.PRIVATE, true).applied())
                .isTrue();
    }

    @Test
    void deletingAConnectionWithDependentsFailsListingThem() {
        Connection used = created("used");
        connections.usages().record(used.id(), new Dependent("workflow", "w1", "bob"));

        InUseException failure =
                catchThrowableOfType(InUseException.class, () -> connections.delete(alice, used.id(), used.version()));

        assertThat(failure.dependents()).containsExactly(new Dependent("workflow", "w1", "bob"));
        assertThat(connections.get(alice, used.id())).isNotNull();
    }

    @Test
    void reassigningMovesTheDependentsToAConnectionOfTheSameOwnerAndProvider() {
        Connection old = created("old");
        Connection replacement = created("replacement");
        connections.usages().record(old.id(), new Dependent("map", "m1", "bob"));

        List<Dependent> moved = connections.delete(
                alice, old.id(), DeleteOptions.version(old.version()).reassignTo(replacement.id()));

        assertThat(moved).containsExactly(new Dependent("map", "m1", "bob"));
        assertThat(connections.usages().of(replacement.id())).containsExactly(new Dependent("map", "m1", "bob"));
        assertThat(events).extracting(ConnectionEvent::type).contains(ConnectionEvent.Type.DEPENDENTS_REASSIGNED);
    }

    @Test
    void reassigningToAnotherOwnersConnectionNamesReassignTo() {
        Connection old = created("old");
        Connection bobs = connections.create(
                bob,
                NewConnection.of("memory", "bobs")
                        .authMethod("password")
                        .property("host", "memory")
                        .property("user", "owner_db")
                        .secret("password", "owner-pw"));
        connections.share(bob, bobs.id(), Sharing.organization(), true);
        connections.usages().record(old.id(), new Dependent("map", "m1", "bob"));

        InvalidConfigurationException failure = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> connections.delete(
                        alice, old.id(), DeleteOptions.version(old.version()).reassignTo(bobs.id())));

        assertThat(failure.problems())
                .extracting(InvalidConfigurationException.Problem::property)
                .containsExactly("reassignTo");
        assertThat(connections.usages().of(old.id())).hasSize(1);
    }

    @Test
    void cascadingRemovesTheDependentsAndReportsThemToTheListener() {
        Connection used = created("used");
        connections.usages().record(used.id(), new Dependent("token", "t1", "bob"));

        connections.delete(
                alice, used.id(), DeleteOptions.version(used.version()).cascade());

        assertThat(events)
                .filteredOn(event -> event.type() == ConnectionEvent.Type.DEPENDENTS_REMOVED)
                .singleElement()
                .extracting(ConnectionEvent::dependents)
                .isEqualTo(List.of(new Dependent("token", "t1", "bob")));
    }

    @Test
    void aSharedConnectionMustBeMadePrivateBeforeItIsDeleted() {
        Connection shared = connections
                .share(alice, created("shared").id(), Sharing.organization(), true)
                .connection();

        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class, () -> connections.delete(alice, shared.id(), shared.version()));

        assertThat(failure.category()).isEqualTo(ErrorCategory.IN_USE);
        assertThat(failure).hasMessageContaining("private");
    }

    @Test
    void transferringToAViewerOrAnotherOrganizationNamesNewOwner() {
        Connection connection = created("transferred");

        for (Principal target : List.of(carol, new Principal("zed", "elsewhere", Role.EDITOR, Set.of()))) {
            InvalidConfigurationException failure = catchThrowableOfType(
                    InvalidConfigurationException.class,
                    () -> connections.transferOwnership(sam, connection.id(), target));
            assertThat(failure.problems())
                    .extracting(InvalidConfigurationException.Problem::property)
                    .containsExactly("newOwner");
        }
    }

    @Test
    void aTransferGivesTheOldOwnerNoViewerCredentialsAndDropsTheNewOwnersOwn() {
        Connection shared = connections
                .share(alice, created("transferred").id(), Sharing.viewerCredentials(), true)
                .connection();
        connections.provideViewerCredentials(bob, shared.id(), Map.of("user", "bob_db", "password", VIEWER_PASSWORD));

        Connection transferred = connections.transferOwnership(sam, shared.id(), bob);

        assertThat(transferred.ownerId()).isEqualTo("bob");
        assertThat(connections.get(bob, shared.id()).access()).isEqualTo(AccessReason.OWNER);
        assertThat(connections.revokeViewerCredentials(bob, shared.id())).isFalse();
        assertThatThrownBy(() -> connections.check(alice, shared.id()))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION));
    }

    @Test
    void listingShowsEachConnectionWithWhyThePrincipalSeesIt() {
        Connection own = connections.create(
                bob,
                NewConnection.of("memory", "a-bobs")
                        .authMethod("password")
                        .property("host", "memory")
                        .property("user", "owner_db")
                        .secret("password", "owner-pw"));
        connections.share(alice, created("b-group").id(), Sharing.groups("analysts"), true);
        connections.share(alice, created("c-org").id(), Sharing.organization(), true);
        created("d-private");

        Page<Connection> page =
                connections.list(bob, ConnectionFilter.organization(organization), PageRequest.first(2));
        Page<Connection> next = connections.list(
                bob,
                ConnectionFilter.organization(organization),
                PageRequest.first(2).after(page.nextPageToken().orElseThrow()));

        assertThat(page.items())
                .extracting(Connection::name, Connection::access)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a-bobs", AccessReason.OWNER),
                        org.assertj.core.groups.Tuple.tuple("b-group", AccessReason.GROUP));
        assertThat(next.items())
                .extracting(Connection::name, Connection::access)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c-org", AccessReason.ORGANIZATION));
        assertThat(next.hasNext()).isFalse();
        assertThat(own.access()).isEqualTo(AccessReason.OWNER);
    }

    @Test
    void listingHonoursThePageRequestsNameContainsWithinWhatThePrincipalMaySee() {
        connections.share(alice, created("sales-eu").id(), Sharing.organization(), true);
        connections.share(alice, created("eu-private").id(), Sharing.groups("finance"), true);
        connections.share(alice, created("us-sales").id(), Sharing.organization(), true);

        Page<Connection> page = connections.list(
                bob,
                ConnectionFilter.organization(organization),
                PageRequest.first(10).nameContains("eU"));

        assertThat(page.items()).extracting(Connection::name).containsExactly("sales-eu");
    }

    @Test
    void listingRefusesTwoDifferentNameContainsTexts() {
        assertThatThrownBy(() -> connections.list(
                        bob,
                        ConnectionFilter.organization(organization).nameContains("eu"),
                        PageRequest.first(10).nameContains("us")))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("nameContains"));
    }
}
