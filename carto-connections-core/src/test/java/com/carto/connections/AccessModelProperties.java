package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.access.Dependent;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.PageRequest;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of create, share, unshare, provide and revoke viewer credentials, use, transfer, delete, record
 * dependents, view and list, by random principals, run through the facade and through a small reference model of
 * the access rules; every step's outcome and the final visibility must agree. Each try works in an organization of
 * its own, so tries share one facade without seeing each other.
 */
abstract class AccessModelProperties {
    /** The population: name, role, groups; index 5 belongs to another organization. */
    private static final List<Member> MEMBERS = List.of(
            new Member("alice", Role.EDITOR, Set.of("analysts")),
            new Member("bob", Role.EDITOR, Set.of()),
            new Member("carol", Role.VIEWER, Set.of("analysts")),
            new Member("dave", Role.ADMIN, Set.of("finance")),
            new Member("sam", Role.SUPERADMIN, Set.of()),
            new Member("eve", Role.EDITOR, Set.of("analysts")));

    private static final int OUTSIDER = 5;
    /** An actor index that stands for whoever owns the step's connection at that moment. */
    private static final int OWNER_OF_TARGET = 6;

    private static final List<Sharing> SHARINGS = List.of(
            Sharing.PRIVATE,
            Sharing.organization(),
            Sharing.groups("analysts"),
            Sharing.groups("finance"),
            Sharing.groups("analysts", "finance"),
            Sharing.viewerCredentials(),
            Sharing.viewerCredentials());

    private static final Map<Class<?>, Connections> FACADES = new HashMap<>();
    private static final Map<Class<?>, MemoryWarehouse> WAREHOUSES = new HashMap<>();

    abstract ConnectionStore store();

    private synchronized Connections connections() {
        return FACADES.computeIfAbsent(getClass(), type -> {
            MemoryWarehouse warehouse = new MemoryWarehouse();
            MEMBERS.forEach(member -> warehouse.acceptPassword(member.databaseUser(), member.databasePassword()));
            WAREHOUSES.put(type, warehouse);
            return Connections.builder()
                    .store(store())
                    .keys(KeyRing.generate("k1"))
                    .providers(Providers.of(warehouse.provider()))
                    .build();
        });
    }

    @AfterContainer
    static synchronized void closeFacades() {
        FACADES.values().forEach(Connections::close);
        FACADES.clear();
    }

    @Property(tries = 1000)
    void theFacadeAgreesWithTheReferenceModelOnEveryStep(@ForAll("sequences") List<Step> steps) {
        Connections connections = connections();
        MemoryWarehouse warehouse = WAREHOUSES.get(getClass());
        Run run = new Run(connections, warehouse, "org-" + UUID.randomUUID());
        Model model = new Model();
        List<String> trace = new ArrayList<>();
        for (Step step : steps) {
            String expected = model.apply(step);
            String actual = run.apply(step);
            trace.add(step + " → " + actual);
            assertThat(actual).as("after %s", trace).isEqualTo(expected);
            Statistics.label("outcome")
                    .collect(step.operation() + " "
                            + actual.replaceAll("db_[a-z]+", "db").replaceAll("[0-9]+$", "n"));
        }
        for (int actor = 0; actor < MEMBERS.size(); actor++) {
            assertThat(run.listed(actor))
                    .as("what %s lists after %s", MEMBERS.get(actor).name(), trace)
                    .isEqualTo(model.visible(actor));
        }
        // The sequences must reach the interesting corners, not only denials: each of these happens in some try.
        Statistics.label("outcome").coverage(coverage -> {
            // Only corners expected 15 or more times in 1,000 tries, so this never fails by chance.
            for (String corner : List.of(
                    "PROVIDE_THEN_USE ok:viewer:db",
                    "USE ok:owner:db",
                    "USE AU",
                    "USE PD",
                    "SHARE pending:n",
                    "SHARE_CONFIRMED shared:n",
                    "DELETE IU",
                    "DELETE_CASCADE deleted:n",
                    "TRANSFER transferred",
                    "VIEW SA")) {
                coverage.check(corner).count(count -> count > 0);
            }
        });
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Operation> operations = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Operation.CREATE)),
                Tuple.of(4, Arbitraries.of(Operation.SHARE, Operation.SHARE_CONFIRMED, Operation.RECORD_DEPENDENT)),
                Tuple.of(5, Arbitraries.of(Operation.PROVIDE_THEN_USE, Operation.USE, Operation.REVOKE)),
                Tuple.of(12, Arbitraries.of(Operation.values())));
        Arbitrary<Step> step = Combinators.combine(
                        operations,
                        Arbitraries.integers().between(0, OWNER_OF_TARGET),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 6))
                .as(Step::new);
        return step.list().ofMinSize(6).ofMaxSize(30);
    }

    enum Operation {
        CREATE,
        SHARE,
        SHARE_CONFIRMED,
        PROVIDE,
        PROVIDE_WRONG,
        PROVIDE_THEN_USE,
        REVOKE,
        USE,
        TRANSFER,
        DELETE,
        DELETE_CASCADE,
        DELETE_REASSIGN,
        RECORD_DEPENDENT,
        VIEW
    }

    /**
     * One step: an operation by a member (or by the connection's owner) on one of the connections created so far (by
     * index, modulo their number), with an argument: the sharing, the new owner, the reassignment target or the
     * dependent's owner.
     */
    record Step(Operation operation, int actor, int connection, int argument) {
        Step withActor(int resolved) {
            return new Step(operation, resolved, connection, argument);
        }

        @Override
        public String toString() {
            return operation + "("
                    + (actor == OWNER_OF_TARGET ? "owner" : MEMBERS.get(actor).name()) + ", c" + connection + ", "
                    + argument + ")";
        }
    }

    record Member(String name, Role role, Set<String> groups) {
        String databaseUser() {
            return "db_" + name;
        }

        String databasePassword() {
            return "pw_" + name;
        }
    }

    /** The access rules, written again as simply as they can be. */
    static final class Model {
        private final List<ModelConnection> connections = new ArrayList<>();
        private int dependents;

        String apply(Step step) {
            if (step.actor() == OWNER_OF_TARGET) {
                int owner = 0;
                if (!connections.isEmpty()) {
                    ModelConnection target = connections.get(step.connection() % connections.size());
                    owner = target.deleted ? 0 : memberIndex(target.owner);
                }
                return apply(step.withActor(owner));
            }
            Member actor = MEMBERS.get(step.actor());
            boolean outsider = step.actor() == OUTSIDER;
            if (step.operation() == Operation.CREATE) {
                if (actor.role() == Role.VIEWER) {
                    return "PD";
                }
                connections.add(new ModelConnection(actor.name(), actor.databaseUser(), outsider));
                return "created";
            }
            if (connections.isEmpty()) {
                return "none";
            }
            ModelConnection target = connections.get(step.connection() % connections.size());
            if (step.operation() == Operation.PROVIDE_THEN_USE) {
                String provided = apply(new Step(Operation.PROVIDE, step.actor(), step.connection(), step.argument()));
                return provided.equals("ok")
                        ? apply(new Step(Operation.USE, step.actor(), step.connection(), step.argument()))
                        : provided;
            }
            if (step.operation() == Operation.RECORD_DEPENDENT) {
                if (target.deleted) {
                    return "NF";
                }
                target.dependents.add(MEMBERS.get(step.argument() % OUTSIDER).name() + "#" + dependents++);
                return "recorded";
            }
            Optional<String> reason =
                    target.deleted || outsider != target.outside ? Optional.empty() : reason(actor, target);
            if (reason.isEmpty()) {
                return "NF";
            }
            boolean owner = reason.get().equals("OW");
            boolean manages = owner && actor.role() != Role.VIEWER;
            switch (step.operation()) {
                case VIEW:
                    return reason.get();
                case USE:
                    if (reason.get().equals("SA")) {
                        return "PD";
                    }
                    if (reason.get().equals("VC")) {
                        return target.viewers.contains(actor.name()) ? "ok:viewer:" + actor.databaseUser() : "AU";
                    }
                    return "ok:owner:" + target.credentialsOf;
                case PROVIDE:
                case PROVIDE_WRONG:
                    if (!reason.get().equals("VC")) {
                        return "PD";
                    }
                    if (step.operation() == Operation.PROVIDE_WRONG) {
                        return "AU";
                    }
                    target.viewers.add(actor.name());
                    return "ok";
                case REVOKE:
                    return "ok:" + target.viewers.remove(actor.name());
                case SHARE:
                case SHARE_CONFIRMED: {
                    if (!manages) {
                        return "PD";
                    }
                    Sharing next = SHARINGS.get(step.argument());
                    if (next.equals(target.sharing)) {
                        return "shared:0";
                    }
                    List<String> impact = new ArrayList<>();
                    if (!keepsEveryone(target.sharing, next)) {
                        target.dependents.stream()
                                .filter(dependent -> !dependent.startsWith(target.owner + "#"))
                                .forEach(impact::add);
                    }
                    if (!impact.isEmpty() && step.operation() == Operation.SHARE) {
                        return "pending:" + impact.size();
                    }
                    if (target.sharing.mode() == Sharing.Mode.VIEWER_CREDENTIALS
                            && next.mode() != Sharing.Mode.VIEWER_CREDENTIALS) {
                        target.viewers.clear();
                    }
                    target.sharing = next;
                    return "shared:" + impact.size();
                }
                case TRANSFER: {
                    if (actor.role() != Role.SUPERADMIN) {
                        return "PD";
                    }
                    Member newOwner = MEMBERS.get(step.argument() % MEMBERS.size());
                    if (step.argument() % MEMBERS.size() == OUTSIDER || newOwner.role() == Role.VIEWER) {
                        return "INVALID_CONFIGURATION";
                    }
                    target.owner = newOwner.name();
                    target.viewers.remove(newOwner.name());
                    return "transferred";
                }
                case DELETE:
                case DELETE_CASCADE:
                case DELETE_REASSIGN: {
                    if (!manages && actor.role() != Role.SUPERADMIN) {
                        return "PD";
                    }
                    if (target.sharing.isShared()) {
                        return "IU";
                    }
                    ModelConnection replacement = null;
                    if (step.operation() == Operation.DELETE_REASSIGN) {
                        replacement = connections.get(step.argument() % connections.size());
                        if (replacement == target
                                || replacement.deleted
                                || replacement.outside != outsider
                                || !replacement.owner.equals(target.owner)
                                || reason(actor, replacement).isEmpty()) {
                            return "INVALID_CONFIGURATION";
                        }
                    } else if (step.operation() == Operation.DELETE && !target.dependents.isEmpty()) {
                        return "IU";
                    }
                    int moved = target.dependents.size();
                    if (replacement != null) {
                        replacement.dependents.addAll(target.dependents);
                    }
                    target.dependents.clear();
                    target.deleted = true;
                    return "deleted:" + moved;
                }
                default:
                    throw new IllegalStateException("unhandled " + step.operation());
            }
        }

        private static int memberIndex(String name) {
            for (int index = 0; index < MEMBERS.size(); index++) {
                if (MEMBERS.get(index).name().equals(name)) {
                    return index;
                }
            }
            throw new IllegalArgumentException("no member " + name);
        }

        /** Whether everyone who used the connection with the owner's credentials under {@code before} still may. */
        private static boolean keepsEveryone(Sharing before, Sharing after) {
            Set<Sharing.Mode> wider = switch (before.mode()) {
                case PRIVATE -> Set.of(Sharing.Mode.values());
                case ORGANIZATION -> Set.of(Sharing.Mode.ORGANIZATION);
                case VIEWER_CREDENTIALS -> Set.of(Sharing.Mode.ORGANIZATION, Sharing.Mode.VIEWER_CREDENTIALS);
                case GROUPS ->
                    after.groups().containsAll(before.groups())
                            ? Set.of(Sharing.Mode.ORGANIZATION, Sharing.Mode.GROUPS)
                            : Set.of(Sharing.Mode.ORGANIZATION);
            };
            return wider.contains(after.mode());
        }

        private static Optional<String> reason(Member actor, ModelConnection connection) {
            if (connection.owner.equals(actor.name())) {
                return Optional.of("OW");
            }
            switch (connection.sharing.mode()) {
                case ORGANIZATION:
                    return Optional.of("OR");
                case VIEWER_CREDENTIALS:
                    return Optional.of("VC");
                case GROUPS:
                    if (!Collections.disjoint(connection.sharing.groups(), actor.groups())) {
                        return Optional.of("GR");
                    }
                    break;
                default:
                    break;
            }
            return actor.role() == Role.SUPERADMIN ? Optional.of("SA") : Optional.empty();
        }

        Map<Integer, String> visible(int actor) {
            Map<Integer, String> visible = new TreeMap<>();
            for (int index = 0; index < connections.size(); index++) {
                ModelConnection connection = connections.get(index);
                if (!connection.deleted && connection.outside == (actor == OUTSIDER)) {
                    int position = index;
                    reason(MEMBERS.get(actor), connection).ifPresent(reason -> visible.put(position, reason));
                }
            }
            return visible;
        }
    }

    static final class ModelConnection {
        private final String credentialsOf;
        private final boolean outside;
        private final List<String> dependents = new ArrayList<>();
        private final Set<String> viewers = new HashSet<>();
        private String owner;
        private Sharing sharing = Sharing.PRIVATE;
        private boolean deleted;

        ModelConnection(String owner, String credentialsOf, boolean outside) {
            this.owner = owner;
            this.credentialsOf = credentialsOf;
            this.outside = outside;
        }
    }

    /** The same steps through the facade. */
    static final class Run {
        private final Connections connections;
        private final MemoryWarehouse warehouse;
        private final String organization;
        private final List<String> ids = new ArrayList<>();
        private final Map<String, String> organizations = new HashMap<>();
        private int dependents;

        Run(Connections connections, MemoryWarehouse warehouse, String organization) {
            this.connections = connections;
            this.warehouse = warehouse;
            this.organization = organization;
        }

        Principal principal(int index) {
            Member member = MEMBERS.get(index);
            return new Principal(
                    member.name(),
                    index == OUTSIDER ? "other-" + organization : organization,
                    member.role(),
                    member.groups());
        }

        String apply(Step step) {
            if (step.actor() == OWNER_OF_TARGET) {
                int owner = 0;
                if (!ids.isEmpty()) {
                    String id = ids.get(step.connection() % ids.size());
                    try {
                        owner = Model.memberIndex(
                                connections.get(superadminOf(id), id).ownerId());
                    } catch (ConnectionException deleted) {
                        owner = 0;
                    }
                }
                return apply(step.withActor(owner));
            }
            Principal actor = principal(step.actor());
            Member member = MEMBERS.get(step.actor());
            if (step.operation() == Operation.CREATE) {
                return outcome(() -> {
                    Connection created = connections.create(
                            actor,
                            NewConnection.of("memory", "c-" + ids.size())
                                    .authMethod("password")
                                    .property("host", "memory")
                                    .property("user", member.databaseUser())
                                    .secret("password", member.databasePassword()));
                    ids.add(created.id());
                    organizations.put(created.id(), actor.organizationId());
                    return "created";
                });
            }
            if (ids.isEmpty()) {
                return "none";
            }
            if (step.operation() == Operation.PROVIDE_THEN_USE) {
                String provided = apply(new Step(Operation.PROVIDE, step.actor(), step.connection(), step.argument()));
                return provided.equals("ok")
                        ? apply(new Step(Operation.USE, step.actor(), step.connection(), step.argument()))
                        : provided;
            }
            String id = ids.get(step.connection() % ids.size());
            return outcome(() -> switch (step.operation()) {
                case RECORD_DEPENDENT -> {
                    connections
                            .usages()
                            .record(
                                    id,
                                    new Dependent(
                                            "map",
                                            "m" + dependents,
                                            MEMBERS.get(step.argument() % OUTSIDER)
                                                    .name()));
                    dependents++;
                    yield "recorded";
                }
                case VIEW ->
                    AccessDecisionTableTest.abbreviation(
                            connections.get(actor, id).access());
                case USE -> {
                    assertThat(connections.check(actor, id).ok()).isTrue();
                    List<String> identities = warehouse.openedIdentities();
                    String identity =
                            identities.get(identities.size() - 1).startsWith("viewer:") ? "viewer:" : "owner:";
                    yield "ok:" + identity
                            + warehouse.checkedAs().get(warehouse.checkedAs().size() - 1);
                }
                case PROVIDE, PROVIDE_WRONG -> {
                    connections.provideViewerCredentials(
                            actor,
                            id,
                            Map.of(
                                    "user",
                                    member.databaseUser(),
                                    "password",
                                    step.operation() == Operation.PROVIDE ? member.databasePassword() : "wrong"));
                    yield "ok";
                }
                case REVOKE -> "ok:" + connections.revokeViewerCredentials(actor, id);
                case SHARE, SHARE_CONFIRMED -> {
                    SharingChange change = connections.share(
                            actor, id, SHARINGS.get(step.argument()), step.operation() == Operation.SHARE_CONFIRMED);
                    yield (change.applied() ? "shared:" : "pending:")
                            + change.impact().size();
                }
                case TRANSFER -> {
                    connections.transferOwnership(actor, id, principal(step.argument() % MEMBERS.size()));
                    yield "transferred";
                }
                case DELETE, DELETE_CASCADE, DELETE_REASSIGN -> {
                    long version = connections.get(superadminOf(id), id).version();
                    DeleteOptions options = DeleteOptions.version(version);
                    if (step.operation() == Operation.DELETE_CASCADE) {
                        options = options.cascade();
                    } else if (step.operation() == Operation.DELETE_REASSIGN) {
                        options = options.reassignTo(ids.get(step.argument() % ids.size()));
                    }
                    yield "deleted:" + connections.delete(actor, id, options).size();
                }
                case CREATE, PROVIDE_THEN_USE -> throw new IllegalStateException("handled above");
            });
        }

        private Principal superadminOf(String id) {
            return new Principal("sam", organizations.get(id), Role.SUPERADMIN, Set.of());
        }

        Map<Integer, String> listed(int actor) {
            Map<Integer, String> listed = new TreeMap<>();
            Map<String, Integer> positions = new LinkedHashMap<>();
            for (int index = 0; index < ids.size(); index++) {
                positions.put(ids.get(index), index);
            }
            Principal principal = principal(actor);
            for (Connection connection : connections
                    .list(principal, ConnectionFilter.organization(principal.organizationId()), PageRequest.first(100))
                    .items()) {
                listed.put(positions.get(connection.id()), AccessDecisionTableTest.abbreviation(connection.access()));
            }
            return listed;
        }

        private static String outcome(java.util.function.Supplier<String> action) {
            try {
                return action.get();
            } catch (ConnectionException e) {
                return AccessDecisionTableTest.code(e);
            }
        }
    }
}
