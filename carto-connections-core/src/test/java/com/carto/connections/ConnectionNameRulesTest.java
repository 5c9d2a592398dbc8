package com.carto.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.PageRequest;
import com.carto.connections.secrets.KeyRing;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionStore;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connection name rule at its edges, through the facade that applies it on create and on rename: 3–50
 * characters; lowercase ASCII letters and digits, with '-' and '_' allowed inside but not first or last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionNameRulesTest {
    private static final String LENGTH = "must be 3 to 50 characters long";
    private static final String CHARACTERS = "may hold only lowercase letters, digits, '-' and '_'";

    @TempDir
    static Path directory;

    private Connections connections;

    @BeforeAll
    void open() {
        connections = Connections.builder()
                .store(ConnectionStore.embedded(directory))
                .keys(KeyRing.generate("k1"))
                .providers(Providers.of(new FakeProvider()))
                .build();
    }

    @AfterAll
    void close() {
        connections.close();
    }

    static Stream<Arguments> validNames() {
        return Stream.of(
                Arguments.of("3 characters, the shortest", "abc"),
                Arguments.of("50 characters, the longest", "a".repeat(50)),
                Arguments.of("50 characters with '-' and '_' inside", "a" + "-_".repeat(24) + "z"),
                Arguments.of("digits only", "123"),
                Arguments.of("a digit first and last", "0-9"),
                Arguments.of("'-' inside", "a-b"),
                Arguments.of("'_' inside", "a_b"),
                Arguments.of("'-' and '_' repeated inside", "a--__b"));
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("empty", "", "is required"),
                Arguments.of("1 character", "a", LENGTH),
                Arguments.of("2 characters", "ab", LENGTH),
                Arguments.of("2 digits", "12", LENGTH),
                Arguments.of("51 characters", "a".repeat(51), LENGTH),
                Arguments.of("51 characters with '-' and '_' inside", "a" + "-_".repeat(24) + "yz", LENGTH),
                Arguments.of("10,000 characters", "a".repeat(10_000), LENGTH),
                Arguments.of("'-' first", "-ab", CHARACTERS),
                Arguments.of("'_' first", "_ab", CHARACTERS),
                Arguments.of("'-' last", "ab-", CHARACTERS),
                Arguments.of("'_' last", "ab_", CHARACTERS),
                Arguments.of("'-' first in 50 characters", "-" + "a".repeat(49), CHARACTERS),
                Arguments.of("'_' last in 50 characters", "a".repeat(49) + "_", CHARACTERS),
                Arguments.of("only '-' and '_'", "-_-", CHARACTERS),
                Arguments.of("an uppercase letter first", "Abc", CHARACTERS),
                Arguments.of("an uppercase letter last", "abC", CHARACTERS),
                Arguments.of("a space inside", "a b", CHARACTERS),
                Arguments.of("a space last", "abc ", CHARACTERS),
                Arguments.of("a tab inside", "a\tb", CHARACTERS),
                Arguments.of("a NUL inside", "a\0b", CHARACTERS),
                Arguments.of("a NUL last", "abc\0", CHARACTERS),
                Arguments.of("a line feed last", "abc\n", CHARACTERS),
                Arguments.of("a carriage return and line feed last", "abc\r\n", CHARACTERS),
                Arguments.of("a dot inside", "a.b", CHARACTERS),
                Arguments.of("a slash inside", "a/b", CHARACTERS),
                Arguments.of("a quote and a semicolon inside", "a';b", CHARACTERS),
                Arguments.of("a Latin letter with an accent", "caf\u00e9", CHARACTERS),
                Arguments.of("a decomposed accent last", "cafe\u0301", CHARACTERS),
                Arguments.of("German sharp s", "stra\u00dfe", CHARACTERS),
                Arguments.of("a Cyrillic a that looks Latin", "\u0430bc", CHARACTERS),
                Arguments.of("a Turkish dotless i", "\u0131ab", CHARACTERS),
                Arguments.of("fullwidth Latin letters", "\uff41\uff42\uff43", CHARACTERS),
                Arguments.of("Arabic-Indic digits", "\u0661\u0662\u0663", CHARACTERS),
                Arguments.of("an emoji inside", "a\ud83d\ude00b", CHARACTERS),
                Arguments.of("25 emoji, 50 UTF-16 units", "\ud83d\ude00".repeat(25), CHARACTERS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validNames")
    void createAcceptsANameWithinTheRule(String description, String name) {
        Principal owner = ownerInAnOrganizationOfItsOwn();

        Connection created = connections.create(owner, draft(name));

        assertThat(created.name()).as(description).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNames")
    void createRejectsANameOutsideTheRuleNamingTheField(String description, String name, String problem) {
        Principal owner = ownerInAnOrganizationOfItsOwn();

        InvalidConfigurationException failure =
                catchThrowableOfType(InvalidConfigurationException.class, () -> connections.create(owner, draft(name)));

        assertThat(failure).as(description).isNotNull();
        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.problems()).as(description).singleElement().satisfies(only -> {
            assertThat(only.property()).isEqualTo("name");
            assertThat(only.message()).startsWith(problem);
        });
        assertThat(connections
                        .list(owner, ConnectionFilter.organization(owner.organizationId()), PageRequest.first(10))
                        .items())
                .as(description)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validNames")
    void renameAcceptsANameWithinTheRule(String description, String name) {
        Principal owner = ownerInAnOrganizationOfItsOwn();
        Connection created = connections.create(owner, draft("before-rename"));

        Connection renamed = connections.rename(owner, created.id(), name, created.version());

        assertThat(renamed.name()).as(description).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNames")
    void renameRejectsANameOutsideTheRuleAndKeepsTheOldOne(String description, String name, String problem) {
        Principal owner = ownerInAnOrganizationOfItsOwn();
        Connection created = connections.create(owner, draft("before-rename"));

        InvalidConfigurationException failure = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> connections.rename(owner, created.id(), name, created.version()));

        assertThat(failure).as(description).isNotNull();
        assertThat(failure.problems()).as(description).singleElement().satisfies(only -> {
            assertThat(only.property()).isEqualTo("name");
            assertThat(only.message()).startsWith(problem);
        });
        assertThat(connections.get(owner, created.id()).name()).isEqualTo("before-rename");
    }

    /** Names are unique per organization, so each case gets one of its own. */
    private static Principal ownerInAnOrganizationOfItsOwn() {
        return new Principal("alice", "org-" + UUID.randomUUID(), Role.EDITOR, Set.of());
    }

    private static NewConnection draft(String name) {
        return NewConnection.of("fake", name)
                .authMethod("password")
                .property("host", "fake.example.com")
                .secret("password", "fake-password")
                .skipLiveCheck();
    }
}
