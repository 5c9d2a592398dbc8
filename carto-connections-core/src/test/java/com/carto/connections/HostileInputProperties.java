package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.secrets.Secret;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.TemporaryDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Every facade operation, given hostile input (sizes at and past the bounds, control characters, NUL, lone
 * surrogates, Unicode, like-wildcards and quotes, values of the wrong type), either succeeds or fails with a
 * {@link ConnectionException} that has a category; and when it fails, the store holds exactly what it held before.
 * Each try works in an organization of its own on one embedded store.
 */
class HostileInputProperties {
    private static final String OWNER_PASSWORD = "owner-pw";
    private static final String VIEWER_PASSWORD = "viewer-pw";
    private static final String SECRET_CANARY = "canary-" + UUID.randomUUID();
    private static final int MESSAGE_LIMIT = 1_000;

    /** One facade on one embedded store for every try, made on first use. */
    private static final class Shared {
        static final Path DIRECTORY = TemporaryDirectories.create("hostile-input");
        static final ConnectionStore STORE = ConnectionStore.embedded(DIRECTORY);
        static final Connections FACADE = Connections.builder()
                .store(STORE)
                .keys(KeyRing.generate("k1"))
                .providers(Providers.of(new MemoryWarehouse()
                        .acceptPassword("owner_db", OWNER_PASSWORD)
                        .acceptPassword("viewer_db", VIEWER_PASSWORD)
                        .provider()))
                .build();
    }

    @AfterContainer
    static void closeFacade() {
        Shared.FACADE.close();
        TemporaryDirectories.delete(Shared.DIRECTORY);
    }

    enum Operation {
        CHECK_DRAFT,
        CREATE_NAMED,
        CREATE_WITH_VALUE,
        CREATE_WITH_KEY,
        CREATE_WITH_OPTION,
        CREATE_WITH_AUTH_METHOD,
        CREATE_WITH_PROVIDER,
        GET,
        LIST,
        UPDATE_KEY,
        UPDATE_VALUE,
        UPDATE_SECRET,
        REMOVE_PROPERTY,
        RENAME,
        DELETE,
        DELETE_REASSIGNING,
        SHARE_WITH_GROUPS,
        PROVIDE_VIEWER_CREDENTIALS,
        REVOKE_VIEWER_CREDENTIALS,
        TRANSFER,
        ACT_AS,
        QUERY,
        QUERY_PARAMETER,
        EXECUTE,
        CATALOG,
        CREATE_TABLE,
        DROP_TABLE
    }

    @Property(tries = 600)
    void everyOperationFailsOnlyWithATypedErrorAndStoresNothingWhenItFails(
            @ForAll Operation operation,
            @ForAll("hostileText") String text,
            @ForAll("hostileText") String other,
            @ForAll("hostileValue") Object value) {
        Connections facade = Shared.FACADE;
        Organization organization = new Organization(facade);
        Snapshot before = organization.snapshot();
        try {
            organization.apply(operation, text, other, value);
            Statistics.label("outcome").collect(operation + " ok");
        } catch (ConnectionException typed) {
            assertThat(typed.category()).as("category of %s", typed).isNotNull();
            // Whatever was sent, the message stays short and never repeats a secret.
            assertThat(typed.getMessage())
                    .as("message of %s", operation)
                    .hasSizeLessThan(MESSAGE_LIMIT)
                    .doesNotContain(SECRET_CANARY, OWNER_PASSWORD, VIEWER_PASSWORD);
            assertThat(organization.snapshot())
                    .as("the store after %s failed with %s", operation, typed)
                    .isEqualTo(before);
            Statistics.label("outcome").collect(operation + " " + typed.category());
        } catch (RuntimeException | AssertionError untyped) {
            fail(
                    operation + " with " + describe(text) + ", " + describe(other) + ", " + describe(value)
                            + " threw an untyped " + untyped.getClass().getName(),
                    untyped);
        }
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "ok-name",
                        "memory",
                        "host",
                        "password",
                        "\u0000",
                        "db\u0000evil",
                        "line\r\nbreak",
                        "tab\tinside",
                        "\u007f",
                        "\uD800",
                        "\uDC00lone",
                        "emoji-🌍",
                        "ñandú",
                        "\u202Eright-to-left",
                        "e\u0301",
                        "'; drop table carto_connections; --",
                        "%",
                        "_",
                        "!",
                        "a\\b",
                        "${jndi:ldap://127.0.0.1/x}",
                        "x".repeat(2),
                        "x".repeat(3),
                        "x".repeat(50),
                        "x".repeat(51),
                        "x".repeat(255),
                        "x".repeat(256),
                        "x".repeat(1024),
                        "x".repeat(1025),
                        "x".repeat(70_000)),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(300));
    }

    @Provide
    Arbitrary<Object> hostileValue() {
        return Arbitraries.oneOf(
                hostileText().map(text -> (Object) text),
                Arbitraries.of(
                        Integer.MIN_VALUE,
                        -1,
                        0,
                        65_536,
                        Long.MAX_VALUE,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        -0.0,
                        true,
                        List.of("a", "b"),
                        Map.of("nested", "map"),
                        new byte[] {0, 1, 2},
                        new Object(),
                        Duration.ofSeconds(-5),
                        Duration.ZERO,
                        Secret.of(SECRET_CANARY)));
    }

    private static String describe(Object value) {
        String text = value instanceof String string
                ? '"' + (string.length() > 40 ? string.substring(0, 40) + "…(" + string.length() + ")" : string) + '"'
                : value.getClass().getSimpleName() + " " + value;
        return text.chars().anyMatch(Character::isISOControl) ? text.replaceAll("\\p{Cntrl}", "?") : text;
    }

    /** What the store holds for one organization, including every user's viewer credentials for its connections. */
    private record Snapshot(List<?> connections, List<?> viewerCredentials) {}

    /** An organization with an owner, a viewer and one connection shared with viewer credentials. */
    private static final class Organization {
        private final Connections facade;
        private final String id = "org-" + UUID.randomUUID();
        private final Principal alice = new Principal("alice", id, Role.EDITOR, Set.of("analysts"));
        private final Principal bob = new Principal("bob", id, Role.VIEWER, Set.of("analysts"));
        private final Connection known;

        Organization(Connections facade) {
            this.facade = facade;
            Connection created = facade.create(alice, draft("known"));
            facade.share(alice, created.id(), Sharing.viewerCredentials(), true);
            facade.provideViewerCredentials(
                    bob, created.id(), Map.of("user", "viewer_db", "password", VIEWER_PASSWORD));
            this.known = facade.get(alice, created.id());
        }

        private static NewConnection draft(String name) {
            return NewConnection.of("memory", name)
                    .authMethod("password")
                    .property("host", "memory")
                    .property("user", "owner_db")
                    .secret("password", OWNER_PASSWORD);
        }

        Snapshot snapshot() {
            List<?> rows = Shared.STORE.list(ConnectionFilter.organization(id), 1000, Optional.empty());
            List<?> credentials = Stream.of("alice", "bob")
                    .map(user -> Shared.STORE.findForUser(known.id(), user).map(found -> found.viewerCredentials()))
                    .toList();
            return new Snapshot(rows, credentials);
        }

        void apply(Operation operation, String text, String other, Object value) {
            long version = known.version();
            switch (operation) {
                case CHECK_DRAFT -> facade.check(alice, draft("checked").property("host", value));
                case CREATE_NAMED -> facade.create(alice, draft(text));
                case CREATE_WITH_VALUE -> facade.create(alice, draft("valued").property("user", value));
                case CREATE_WITH_KEY -> facade.create(alice, draft("keyed").property(text, value));
                case CREATE_WITH_OPTION ->
                    facade.create(alice, draft("optioned").option(text, value));
                case CREATE_WITH_AUTH_METHOD ->
                    facade.create(alice, draft("authed").authMethod(text));
                case CREATE_WITH_PROVIDER ->
                    facade.create(alice, NewConnection.of(text, "provided").property("host", other));
                case GET -> facade.get(alice, text);
                case LIST ->
                    facade.list(
                            alice,
                            ConnectionFilter.organization(id).namePrefix(text),
                            PageRequest.first(10).nameContains(other));
                case UPDATE_KEY ->
                    facade.update(alice, known.id(), ConnectionChanges.none().property(text, value), version);
                case UPDATE_VALUE ->
                    facade.update(alice, known.id(), ConnectionChanges.none().property("host", value), version);
                case UPDATE_SECRET ->
                    facade.update(alice, known.id(), ConnectionChanges.none().secret("password", text), version);
                case REMOVE_PROPERTY ->
                    facade.update(alice, known.id(), ConnectionChanges.none().remove(text), version);
                case RENAME -> facade.rename(alice, known.id(), text, version);
                case DELETE -> facade.delete(alice, text, version);
                case DELETE_REASSIGNING ->
                    facade.delete(
                            alice, known.id(), DeleteOptions.version(version).reassignTo(text));
                case SHARE_WITH_GROUPS -> facade.share(alice, known.id(), Sharing.groups(text, other), true);
                case PROVIDE_VIEWER_CREDENTIALS -> {
                    Map<String, Object> credentials = new HashMap<>();
                    credentials.put("user", other);
                    credentials.put(text, value);
                    facade.provideViewerCredentials(bob, known.id(), credentials);
                }
                case REVOKE_VIEWER_CREDENTIALS -> facade.revokeViewerCredentials(bob, text);
                case TRANSFER ->
                    facade.transferOwnership(alice, known.id(), new Principal(text, id, Role.EDITOR, Set.of(other)));
                case ACT_AS -> facade.get(new Principal(text, id, Role.VIEWER, Set.of(other)), known.id());
                case QUERY -> {
                    try (QueryResult rows = facade.query(alice, known.id(), Query.sql(text))) {
                        while (rows.next()) {
                            rows.value(0);
                        }
                    }
                }
                case QUERY_PARAMETER -> {
                    try (QueryResult rows = facade.query(
                            alice, known.id(), Query.sql("select :p").param("p", value))) {
                        rows.next();
                    }
                }
                case EXECUTE ->
                    facade.execute(alice, known.id(), Query.sql(text).param(other));
                case CATALOG -> facade.catalog(alice, known.id()).tables(text, other, PageRequest.first(10));
                case CREATE_TABLE -> facade.createTable(alice, known.id(), List.of(text, other), Query.sql("select 1"));
                case DROP_TABLE -> facade.dropTable(alice, known.id(), List.of(text, other));
            }
        }
    }
}
