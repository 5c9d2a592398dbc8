package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.carto.connections.Connection;
import com.carto.connections.Connections;
import com.carto.connections.NewConnection;
import com.carto.connections.Providers;
import com.carto.connections.access.Principal;
import com.carto.connections.access.Role;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.testing.PostgresFixture;
import com.carto.connections.testing.TemporaryDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile SQL text, parameter values and catalog names sent through the facade to a real PostgreSQL: every call
 * either succeeds or fails with a {@link ConnectionException} that has a category and a short message, never with
 * the driver's own exception (pgjdbc refuses a NUL in a string parameter with an {@code IllegalArgumentException}).
 * The pool survives every failure: the connection still answers afterwards.
 */
class PostgresHostileInputProperties {
    private static final PostgresFixture POSTGRES = PostgresFixture.shared();
    private static final String PASSWORD = "hostile-input-password";
    private static final int MESSAGE_LIMIT = 2_000;
    private static final Principal ALICE = Principal.of("alice", "acme", Role.EDITOR);

    /** One facade and one connection for every try, made on first use. */
    private static final class Shared {
        static final Path DIRECTORY = TemporaryDirectories.create("postgres-hostile-input");
        static final Connections FACADE = Connections.builder()
                .embedded(DIRECTORY)
                .providers(Providers.of(new PostgresProvider()))
                .build();
        static final Connection CONNECTION = FACADE.create(
                ALICE,
                NewConnection.of(
                                "postgres",
                                "hostile-" + UUID.randomUUID().toString().substring(0, 8))
                        .authMethod("password")
                        .property("host", POSTGRES.host())
                        .property("port", POSTGRES.port())
                        .property("database", POSTGRES.createDatabase("hostile_input", true))
                        .property("username", POSTGRES.createRole("hostile_input", PASSWORD))
                        .secret("password", PASSWORD)
                        .property("sslMode", "disable")
                        .option("queryTimeout", "10s"));
    }

    @AfterContainer
    static void closeFacade() {
        Shared.FACADE.close();
        TemporaryDirectories.delete(Shared.DIRECTORY);
    }

    enum Operation {
        QUERY_TEXT,
        QUERY_PARAMETER,
        QUERY_PARAMETER_AS_TEXT,
        EXECUTE_TEXT,
        WRITE_JSON,
        BROWSE_SCHEMAS,
        BROWSE_TABLES,
        BROWSE_COLUMNS
    }

    @Property(tries = 300)
    void everyCallFailsOnlyWithATypedErrorAndLeavesTheConnectionUsable(
            @ForAll Operation operation, @ForAll("hostileText") String text, @ForAll("hostileValue") Object value) {
        try {
            apply(operation, text, value);
            Statistics.label("outcome").collect(operation + " ok");
        } catch (ConnectionException typed) {
            // INTERNAL would mean the SDK did not recognize the caller's mistake or the server's answer.
            assertThat(typed.category()).as("category of %s", typed).isNotNull().isNotEqualTo(ErrorCategory.INTERNAL);
            assertThat(typed.getMessage()).as("message of %s", operation).hasSizeLessThan(MESSAGE_LIMIT);
            assertThat(typed.getMessage()).doesNotContain(PASSWORD);
            Statistics.label("outcome").collect(operation + " " + typed.category());
        } catch (RuntimeException | AssertionError untyped) {
            fail(operation + " threw an untyped " + untyped.getClass().getName(), untyped);
        }
        try (QueryResult rows = Shared.FACADE.query(ALICE, Shared.CONNECTION.id(), Query.sql("select 1"))) {
            assertThat(rows.next())
                    .as("the connection answers after %s", operation)
                    .isTrue();
        }
    }

    @Example
    void aValueTheDriverCannotSendIsRefusedNamingTheParameterAndItsType() {
        Query query = Query.sql("select :a as a, :b as b").param("a", 1).param("b", new Object());

        assertThatThrownBy(() -> drain(Shared.FACADE.query(ALICE, Shared.CONNECTION.id(), query)))
                .isInstanceOfSatisfying(
                        InvalidConfigurationException.class,
                        failure -> assertThat(failure.problems())
                                .extracting(InvalidConfigurationException.Problem::property)
                                .containsExactly("parameters"))
                .hasMessageContaining("parameter 2 (a java.lang.Object) cannot be sent");
    }

    private static void apply(Operation operation, String text, Object value) {
        Connections facade = Shared.FACADE;
        String id = Shared.CONNECTION.id();
        switch (operation) {
            case QUERY_TEXT -> drain(facade.query(ALICE, id, Query.sql(text)));
            case QUERY_PARAMETER ->
                drain(facade.query(ALICE, id, Query.sql("select :value as v").param("value", value)));
            case QUERY_PARAMETER_AS_TEXT ->
                drain(facade.query(
                        ALICE, id, Query.sql("select cast(:value as text) as v").param("value", value)));
            case EXECUTE_TEXT ->
                facade.execute(
                        ALICE,
                        id,
                        Query.sql("select 1 where 1 = 0 and :text = ''").param("text", text));
            case WRITE_JSON -> {
                try (QueryResult rows =
                        facade.query(ALICE, id, Query.sql("select :value as v").param("value", value))) {
                    rows.writeJson(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case BROWSE_SCHEMAS -> facade.catalog(ALICE, id).schemas(text, PageRequest.first(10));
            case BROWSE_TABLES -> facade.catalog(ALICE, id).tables(text, "public", PageRequest.first(10));
            case BROWSE_COLUMNS -> facade.catalog(ALICE, id).columns("db", "public", text, PageRequest.first(10));
        }
    }

    private static void drain(QueryResult result) {
        try (result) {
            while (result.next()) {
                for (int column = 0; column < result.columns().size(); column++) {
                    result.value(column);
                }
            }
        }
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        " ",
                        "select 1",
                        "\u0000",
                        "select '\u0000'",
                        "select 1;\u0000",
                        "select '\uD800'",
                        "\uDC00",
                        "select 1; select 2",
                        "select pg_sleep(0)",
                        "select 1/0",
                        "select repeat('x', 100000)",
                        "select 'emoji 🌍', 'e\u0301'",
                        "'; drop table carto_connections; --",
                        "select $$unterminated",
                        "x".repeat(63),
                        "x".repeat(64),
                        "x".repeat(70_000)),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200));
    }

    @Provide
    Arbitrary<Object> hostileValue() {
        return Arbitraries.oneOf(
                hostileText().map(text -> (Object) text),
                Arbitraries.of(
                        Integer.MIN_VALUE,
                        Long.MAX_VALUE,
                        Double.NaN,
                        Double.NEGATIVE_INFINITY,
                        -0.0,
                        Float.MIN_VALUE,
                        new BigDecimal("1e-400"),
                        new BigDecimal("9".repeat(200)),
                        LocalDate.MIN,
                        LocalDate.MAX,
                        true,
                        new byte[] {0, (byte) 0xff},
                        new byte[0],
                        List.of("a", "b"),
                        List.of(),
                        Map.of("k", "v"),
                        new Object(),
                        UUID.randomUUID()));
    }
}
