package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Catalog;
import com.carto.connections.query.PageRequest;
import com.carto.connections.query.Query;
import com.carto.connections.spi.WarehouseClient;
import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Names full of quotes, backslashes, semicolons, comment markers, newlines and multi-byte characters (within
 * PostgreSQL's 63-byte limit) are written back, browsed back unchanged and dropped, and never change how many
 * statements the server runs.
 *
 * <p>The count comes from the server itself: the test role has {@code log_statement = 'all'}, so PostgreSQL logs
 * every statement it executes for that role — a statement smuggled in by a name ({@code x"; drop …}) would be a
 * separate logged execute, since pgjdbc sends each statement of a string separately. Only this role logs, and
 * test classes run one at a time, so the lines added to the server log during one try are exactly that try's.
 */
class PostgresHostileIdentifierProperties {
    private static final PostgresFixture POSTGRES = PostgresFixture.shared();
    private static final Pattern EXECUTED = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d [^\\n]* LOG:  (?:execute [^:]+|statement): (.*)$", Pattern.MULTILINE);
    // What pgjdbc and HikariCP run when the pool opens a physical connection; they name no object.
    private static final Pattern CONNECTION_SETUP =
            Pattern.compile("SET application_name|SHOW TRANSACTION ISOLATION LEVEL");

    private static String database;
    private static WarehouseClient client;
    private static Path serverLog;

    @BeforeContainer
    static void open() {
        database = POSTGRES.createDatabase("hostile", false);
        String password = "hostile-password";
        String role = POSTGRES.createRole("hostile", password);
        POSTGRES.psql(
                database,
                "grant create on database " + database + " to " + role + "; alter role " + role
                        + " set log_statement = 'all'");
        serverLog = Path.of(POSTGRES.psql("postgres", "show data_directory"))
                .getParent()
                .resolve("server.log");
        client = PostgresClients.open(POSTGRES, database, role, password, Map.of("maxConcurrentQueries", 1));
    }

    @AfterContainer
    static void close() {
        client.close();
    }

    @Property(tries = 100)
    void browsesHostileNamesBackUnchangedWithAFixedNumberOfStatements(
            @ForAll("identifiers") String schema,
            @ForAll("identifiers") String table,
            @ForAll("identifiers") String column)
            throws IOException {
        long logStart = logLength();
        client.createTable(
                List.of(schema, table), Query.sql("select 1 as " + PostgresDialect.INSTANCE.quoteIdentifier(column)));
        Catalog catalog = client.catalog();
        List<String> schemas = catalog.schemas(database, PageRequest.first(1000)).items().stream()
                .map(Catalog.Schema::name)
                .toList();
        List<String> tables = catalog.tables(database, schema, PageRequest.first(10)).items().stream()
                .map(Catalog.Table::name)
                .toList();
        List<String> columns = catalog.columns(database, schema, table, PageRequest.first(10)).items().stream()
                .map(Catalog.TableColumn::name)
                .toList();
        client.dropTable(List.of(schema, table));
        client.execute(Query.sql("drop schema " + PostgresDialect.INSTANCE.quoteIdentifier(schema)));

        assertThat(schemas).contains(schema);
        assertThat(tables).containsExactly(table);
        assertThat(columns).containsExactly(column);
        assertThat(executedSince(logStart))
                .extracting(PostgresHostileIdentifierProperties::verb)
                .containsExactly(
                        "create schema",
                        "create table",
                        "select schema_name",
                        "select table_name",
                        "select column_name",
                        "drop table",
                        "drop schema");
    }

    @Provide
    Arbitrary<String> identifiers() {
        return Arbitraries.strings()
                .withChars("aZ0_\"'\\;-/*$:?%! \t\né€ß日")
                .withCharRange('\uD83D', '\uD83D')
                .withCharRange('\uDE00', '\uDE00')
                .ofMinLength(1)
                .ofMaxLength(40)
                .map(PostgresHostileIdentifierProperties::withoutBrokenSurrogates)
                .filter(name -> !name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length <= 63);
    }

    /** The emoji is drawn as its two halves; keep only whole pairs, as an identifier is text. */
    private static String withoutBrokenSurrogates(String text) {
        StringBuilder kept = new StringBuilder();
        for (int index = 0; index < text.length(); index++) {
            char current = text.charAt(index);
            if (Character.isHighSurrogate(current)
                    && index + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(index + 1))) {
                kept.append(current).append(text.charAt(++index));
            } else if (!Character.isSurrogate(current)) {
                kept.append(current);
            }
        }
        return kept.toString();
    }

    private static String verb(String statement) {
        String[] words = statement.strip().split("[\\s,]+");
        return words[0] + " " + words[1];
    }

    private static long logLength() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(serverLog.toFile(), "r")) {
            return file.length();
        }
    }

    private static List<String> executedSince(long offset) throws IOException {
        byte[] added;
        try (RandomAccessFile file = new RandomAccessFile(serverLog.toFile(), "r")) {
            added = new byte[(int) (file.length() - offset)];
            file.seek(offset);
            file.readFully(added);
        }
        List<String> statements = new ArrayList<>();
        Matcher matcher = EXECUTED.matcher(new String(added, StandardCharsets.UTF_8));
        while (matcher.find()) {
            if (!matcher.group(1).isBlank()
                    && !CONNECTION_SETUP.matcher(matcher.group(1)).lookingAt()) {
                statements.add(matcher.group(1));
            }
        }
        return statements;
    }
}
