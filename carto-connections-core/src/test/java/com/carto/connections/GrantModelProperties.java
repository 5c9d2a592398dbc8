package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.grants.GrantSource;
import com.carto.connections.grants.IssuedGrant;
import com.carto.connections.grants.NewGrant;
import com.carto.connections.grants.SourceRequest;
import com.carto.connections.grants.TokenCall;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of grant creations, token uses, revocations and grant transfers mixed with sharing changes, role and
 * group changes, ownership transfers and the service identity set and removed, run through the facade and through a
 * small reference model of when a grant works; every step's outcome must agree. Each try works on a connection of its
 * own in an organization of its own.
 */
abstract class GrantModelProperties {
    /** alice owns the connection at first; sam is the superadmin who transfers it and whose role never changes. */
    private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "sam");

    private static final List<Role> INITIAL_ROLES =
            List.of(Role.EDITOR, Role.EDITOR, Role.VIEWER, Role.ADMIN, Role.SUPERADMIN);
    private static final List<Set<String>> GROUP_SETS = List.of(Set.of("analysts"), Set.of("finance"), Set.of());
    private static final List<Sharing> SHARINGS = List.of(
            Sharing.PRIVATE,
            Sharing.organization(),
            Sharing.groups("analysts"),
            Sharing.groups("finance"),
            Sharing.viewerCredentials());
    private static final int SAM = 4;

    private static final Map<Class<?>, Connections> FACADES = new HashMap<>();
    /** The members as the host's directory has them now, by organization and user id. */
    private static final Map<String, Principal> DIRECTORY = new ConcurrentHashMap<>();

    abstract ConnectionStore store();

    private synchronized Connections connections() {
        return FACADES.computeIfAbsent(getClass(), type -> {
            MemoryWarehouse warehouse = new MemoryWarehouse()
                    .acceptPassword("db_alice", "pw_alice")
                    .acceptPassword("db_service", "pw_service");
            return Connections.builder()
                    .store(store())
                    .keys(KeyRing.generate("k1"))
                    .providers(Providers.of(warehouse.provider()))
                    .members((organizationId, userId) ->
                            Optional.ofNullable(DIRECTORY.get(organizationId + "/" + userId)))
                    .grantRecheck(Duration.ZERO)
                    .build();
        });
    }

    @AfterContainer
    static synchronized void closeFacades() {
        FACADES.values().forEach(Connections::close);
        FACADES.clear();
    }

    enum Operation {
        CREATE_GRANT,
        USE,
        REVOKE,
        SHARE,
        SET_ROLE,
        SET_GROUPS,
        TRANSFER,
        /** The owner sets the service identity (even argument) or removes it (odd). */
        SERVICE,
        /** The owner transfers a grant to the actor. */
        HANDOVER
    }

    /** An operation by a member (by index) with an argument: a grant, a sharing, a role, a group set or a new owner. */
    record Step(Operation operation, int actor, int argument) {
        @Override
        public String toString() {
            return operation + "(" + NAMES.get(actor) + ", " + argument + ")";
        }
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        return Combinators.combine(
                        Arbitraries.of(Operation.values()),
                        Arbitraries.integers().between(0, NAMES.size() - 1),
                        Arbitraries.integers().between(0, 9))
                .as(Step::new)
                .list()
                .ofMinSize(4)
                .ofMaxSize(20);
    }

    @Property(tries = 200)
    void theFacadeAgreesWithTheReferenceModelOnWhenAGrantWorks(@ForAll("sequences") List<Step> steps) {
        Model model = new Model();
        Run run = new Run(connections(), "org-" + UUID.randomUUID(), model);
        List<String> trace = new ArrayList<>();
        for (Step step : steps) {
            String expected = model.apply(step);
            String actual = run.apply(step);
            trace.add(step + " → " + actual);
            assertThat(actual).as("after %s", trace).isEqualTo(expected);
            Statistics.label("outcome").collect(step.operation() + " " + actual);
        }
        Statistics.label("outcome").coverage(coverage -> {
            for (String corner : List.of(
                    "USE ok",
                    "USE PD",
                    "CREATE_GRANT ok",
                    "CREATE_GRANT UN",
                    "REVOKE ok",
                    "SERVICE ok",
                    "HANDOVER ok")) {
                coverage.check(corner).count(count -> count > 0);
            }
        });
    }

    /** When a grant may be made and when it works, written again as simply as they can be. */
    static final class Model {
        final List<Role> roles = new ArrayList<>(INITIAL_ROLES);
        final List<Set<String>> groups = new ArrayList<>(
                List.of(Set.of("analysts"), Set.of("analysts"), Set.of("analysts"), Set.of("finance"), Set.of()));
        int owner;
        Sharing sharing = Sharing.PRIVATE;
        boolean service;
        final List<Integer> creators = new ArrayList<>();
        final List<Boolean> revoked = new ArrayList<>();

        Optional<String> reason(int member) {
            if (member == owner) {
                return Optional.of("OW");
            }
            switch (sharing.mode()) {
                case ORGANIZATION:
                    return Optional.of("OR");
                case VIEWER_CREDENTIALS:
                    return Optional.of("VC");
                case GROUPS:
                    if (!Collections.disjoint(sharing.groups(), groups.get(member))) {
                        return Optional.of("GR");
                    }
                    break;
                default:
                    break;
            }
            return roles.get(member) == Role.SUPERADMIN ? Optional.of("SA") : Optional.empty();
        }

        boolean worksFor(int creator) {
            Optional<String> reason = reason(creator);
            return reason.isPresent()
                    && !reason.get().equals("SA")
                    && (sharing.mode() != Sharing.Mode.VIEWER_CREDENTIALS || service)
                    && roles.get(creator) != Role.VIEWER;
        }

        String apply(Step step) {
            int actor = step.actor();
            switch (step.operation()) {
                case CREATE_GRANT: {
                    Optional<String> reason = reason(actor);
                    if (reason.isEmpty()) {
                        return "NF";
                    }
                    if (reason.get().equals("SA") || roles.get(actor) == Role.VIEWER) {
                        return "PD";
                    }
                    if (sharing.mode() == Sharing.Mode.VIEWER_CREDENTIALS && !service) {
                        return "UN";
                    }
                    creators.add(actor);
                    revoked.add(false);
                    return "ok";
                }
                case USE: {
                    if (creators.isEmpty()) {
                        return "none";
                    }
                    int grant = step.argument() % creators.size();
                    return !revoked.get(grant) && worksFor(creators.get(grant)) ? "ok" : "PD";
                }
                case REVOKE: {
                    if (creators.isEmpty()) {
                        return "none";
                    }
                    int grant = step.argument() % creators.size();
                    if (actor == creators.get(grant) || actor == owner || roles.get(actor) == Role.SUPERADMIN) {
                        revoked.set(grant, true);
                        return "ok";
                    }
                    return reason(actor).isEmpty() ? "NF" : "PD";
                }
                case SHARE: {
                    if (roles.get(owner) == Role.VIEWER) {
                        return "PD";
                    }
                    sharing = SHARINGS.get(step.argument() % SHARINGS.size());
                    // The service identity is kept with the viewers' credentials, which go with that sharing.
                    if (sharing.mode() != Sharing.Mode.VIEWER_CREDENTIALS) {
                        service = false;
                    }
                    return "ok";
                }
                case SET_ROLE:
                    if (actor != SAM) {
                        roles.set(actor, Role.values()[step.argument() % Role.values().length]);
                    }
                    return "set";
                case SET_GROUPS:
                    groups.set(actor, GROUP_SETS.get(step.argument() % GROUP_SETS.size()));
                    return "set";
                case TRANSFER: {
                    if (roles.get(actor) == Role.VIEWER) {
                        return "INVALID_CONFIGURATION";
                    }
                    owner = actor;
                    return "ok";
                }
                case SERVICE: {
                    if (roles.get(owner) == Role.VIEWER) {
                        return "PD";
                    }
                    boolean set = step.argument() % 2 == 0;
                    if (set && sharing.mode() != Sharing.Mode.VIEWER_CREDENTIALS) {
                        return "INVALID_CONFIGURATION";
                    }
                    service = set;
                    return "ok";
                }
                case HANDOVER: {
                    if (creators.isEmpty()) {
                        return "none";
                    }
                    int grant = step.argument() % creators.size();
                    if (revoked.get(grant)) {
                        return "CONFLICT";
                    }
                    Optional<String> reason = reason(actor);
                    if (reason.isEmpty() || reason.get().equals("SA") || roles.get(actor) == Role.VIEWER) {
                        return "INVALID_CONFIGURATION";
                    }
                    if (sharing.mode() == Sharing.Mode.VIEWER_CREDENTIALS && !service) {
                        return "UN";
                    }
                    creators.set(grant, actor);
                    return "ok";
                }
            }
            throw new IllegalStateException("unhandled " + step.operation());
        }
    }

    /** The same steps through the facade. */
    static final class Run {
        private final Connections connections;
        private final String organization;
        private final Model model;
        private final String connectionId;
        private final List<IssuedGrant> grants = new ArrayList<>();

        Run(Connections connections, String organization, Model model) {
            this.connections = connections;
            this.organization = organization;
            this.model = model;
            for (int member = 0; member < NAMES.size(); member++) {
                DIRECTORY.put(organization + "/" + NAMES.get(member), principal(member));
            }
            this.connectionId = connections
                    .create(
                            principal(0),
                            NewConnection.of("memory", "granted")
                                    .authMethod("password")
                                    .property("host", "memory")
                                    .property("user", "db_alice")
                                    .secret("password", "pw_alice"))
                    .id();
        }

        /** The member as the model has them before the step (the model applies each step first). */
        private Principal principal(int member) {
            return new Principal(NAMES.get(member), organization, currentRole(member), currentGroups(member));
        }

        private Role currentRole(int member) {
            return directoryEntry(member).map(Principal::role).orElse(INITIAL_ROLES.get(member));
        }

        private Set<String> currentGroups(int member) {
            return directoryEntry(member).map(Principal::groups).orElse(model.groups.get(member));
        }

        private Optional<Principal> directoryEntry(int member) {
            return Optional.ofNullable(DIRECTORY.get(organization + "/" + NAMES.get(member)));
        }

        String apply(Step step) {
            Principal actor = principal(step.actor());
            switch (step.operation()) {
                case CREATE_GRANT:
                    return outcome(() -> {
                        grants.add(connections.createGrant(
                                actor,
                                connectionId,
                                NewGrant.query(
                                        Instant.now().plus(Duration.ofDays(1)),
                                        GrantSource.NamedQuery.of("who", "select current_user"))));
                        return "ok";
                    });
                case USE:
                    if (grants.isEmpty()) {
                        return "none";
                    }
                    return outcome(() -> {
                        IssuedGrant grant = grants.get(step.argument() % grants.size());
                        // The model has applied the step, which changes no sharing.
                        String runsAs =
                                model.sharing.mode() == Sharing.Mode.VIEWER_CREDENTIALS ? "db_service" : "db_alice";
                        try (QueryResult rows = connections.query(
                                TokenCall.of(organization, grant.token(), SourceRequest.NamedQueryCall.of("who")))) {
                            return rows.next() && runsAs.equals(rows.value(0)) ? "ok" : "wrong rows";
                        }
                    });
                case REVOKE:
                    if (grants.isEmpty()) {
                        return "none";
                    }
                    return outcome(() -> {
                        connections.revokeGrant(
                                actor,
                                grants.get(step.argument() % grants.size())
                                        .grant()
                                        .id());
                        return "ok";
                    });
                case SHARE:
                    return outcome(() -> {
                        Principal owner = principal(ownerIndex());
                        connections.share(owner, connectionId, SHARINGS.get(step.argument() % SHARINGS.size()), true);
                        return "ok";
                    });
                case SET_ROLE:
                    if (step.actor() != SAM) {
                        DIRECTORY.put(
                                organization + "/" + NAMES.get(step.actor()),
                                new Principal(
                                        NAMES.get(step.actor()),
                                        organization,
                                        Role.values()[step.argument() % Role.values().length],
                                        currentGroups(step.actor())));
                    }
                    return "set";
                case SET_GROUPS:
                    DIRECTORY.put(
                            organization + "/" + NAMES.get(step.actor()),
                            new Principal(
                                    NAMES.get(step.actor()),
                                    organization,
                                    currentRole(step.actor()),
                                    GROUP_SETS.get(step.argument() % GROUP_SETS.size())));
                    return "set";
                case TRANSFER:
                    return outcome(() -> {
                        connections.transferOwnership(principal(SAM), connectionId, actor);
                        return "ok";
                    });
                case SERVICE:
                    return outcome(() -> {
                        Principal owner = principal(ownerIndex());
                        if (step.argument() % 2 == 0) {
                            connections.setServiceIdentity(
                                    owner, connectionId, Map.of("user", "db_service", "password", "pw_service"));
                        } else {
                            connections.removeServiceIdentity(owner, connectionId);
                        }
                        return "ok";
                    });
                case HANDOVER:
                    if (grants.isEmpty()) {
                        return "none";
                    }
                    return outcome(() -> {
                        connections.transferGrant(
                                principal(ownerIndex()),
                                grants.get(step.argument() % grants.size())
                                        .grant()
                                        .id(),
                                NAMES.get(step.actor()));
                        return "ok";
                    });
            }
            throw new IllegalStateException("unhandled " + step.operation());
        }

        private int ownerIndex() {
            return NAMES.indexOf(connections.get(principal(SAM), connectionId).ownerId());
        }

        private static String outcome(Supplier<String> action) {
            try {
                return action.get();
            } catch (ConnectionException e) {
                return AccessDecisionTableTest.code(e);
            }
        }
    }
}
