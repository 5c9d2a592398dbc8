package com.carto.connections.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies the store's versioned SQL scripts ({@code V<n>__<what>.sql}) that a database has not seen yet, with their
 * version rows, in one transaction. PostgreSQL's DDL is transactional, so a crash leaves all or nothing; H2 commits
 * DDL as it runs, so scripts from V2 on are written to run again over a half-applied copy of themselves.
 */
final class SchemaMigrations {
    /** The scripts in order; a new one is appended, an applied one is never edited. */
    private static final List<String> SCRIPTS = List.of("V1__connections.sql", "V2__sharing.sql", "V3__grants.sql");

    /** A fixed advisory lock id so two instances starting together on one PostgreSQL migrate one after the other. */
    private static final long POSTGRES_LOCK = 0x0ca7_0c0a_ec71_0a5L;

    enum Database {
        H2,
        POSTGRES
    }

    private SchemaMigrations() {}

    static void apply(DataSource dataSource, Database database) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            if (database == Database.POSTGRES) {
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, POSTGRES_LOCK);
                    lock.execute();
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(
                        "create table if not exists carto_schema_version"
                                + " (version integer primary key, script varchar(200) not null, applied_at timestamp with time zone not null)");
            }
            int applied = appliedVersion(connection);
            for (int version = applied + 1; version <= SCRIPTS.size(); version++) {
                run(connection, version, SCRIPTS.get(version - 1));
            }
            connection.commit();
        } catch (SQLException | IOException e) {
            throw ConnectionStore.failure("creating the schema", e);
        }
    }

    private static int appliedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select coalesce(max(version), 0) from carto_schema_version")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void run(Connection connection, int version, String script) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(read(script))) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement record = connection.prepareStatement(
                "insert into carto_schema_version (version, script, applied_at) values (?, ?, ?)")) {
            record.setInt(1, version);
            record.setString(2, script);
            record.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            record.executeUpdate();
        }
    }

    private static String read(String script) throws IOException {
        try (InputStream input = SchemaMigrations.class.getResourceAsStream(script)) {
            if (input == null) {
                throw new IOException("missing schema script " + script);
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The script's statements: comment lines dropped, split at semicolons that end a line. */
    static List<String> statements(String script) {
        StringBuilder current = new StringBuilder();
        List<String> statements = new java.util.ArrayList<>();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
