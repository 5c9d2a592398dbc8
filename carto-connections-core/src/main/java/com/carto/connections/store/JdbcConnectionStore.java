package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import com.carto.connections.ConnectionException;
import com.carto.connections.ErrorCategory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The {@link ConnectionStore} on a relational database: embedded H2 files or a shared PostgreSQL. The same SQL
 * serves both; the schema is created by versioned scripts when the store opens.
 */
final class JdbcConnectionStore implements ConnectionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String COLUMNS = "id, organization_id, owner_id, name, provider_id, auth_method, properties, advanced,"
            + " created_at, updated_at, version";

    /**
     * One write lock per embedded database file. H2 can evaluate a waiting writer's {@code where version = ?}
     * against the row as it was before the other writer committed, letting two writers of one version both
     * succeed (seen in H2ConnectionStoreTest); an embedded database belongs to one process, so serializing its
     * writers in the JVM is exact. PostgreSQL re-checks the condition on the newest row itself and needs no lock.
     */
    private static final ConcurrentMap<Path, Lock> EMBEDDED_WRITE_LOCKS = new ConcurrentHashMap<>();

    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final Optional<Lock> writeLock;

    private JdbcConnectionStore(DataSource dataSource, AutoCloseable owned, Optional<Lock> writeLock) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.writeLock = writeLock;
    }

    static JdbcConnectionStore h2(Path directory) {
        requireNonNull(directory, "directory is null");
        HikariConfig config = new HikariConfig();
        config.setPoolName("carto-connection-store");
        config.setJdbcUrl("jdbc:h2:file:" + directory.toAbsolutePath().resolve("connections")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                // Every commit reaches the file before it returns: H2 otherwise buffers commits for 500 ms, and a
                // killed process would lose connections the caller was told were saved (EmbeddedStoreCrashTest).
                + ";WRITE_DELAY=0");
        config.setDriverClassName("org.h2.Driver");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            SchemaMigrations.apply(pool, SchemaMigrations.Database.H2);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Lock lock = EMBEDDED_WRITE_LOCKS.computeIfAbsent(directory.toAbsolutePath().normalize(), path -> new ReentrantLock());
        return new JdbcConnectionStore(pool, pool, Optional.of(lock));
    }

    static JdbcConnectionStore postgres(DataSource dataSource) {
        requireNonNull(dataSource, "dataSource is null");
        SchemaMigrations.apply(dataSource, SchemaMigrations.Database.POSTGRES);
        return new JdbcConnectionStore(dataSource, () -> {}, Optional.empty());
    }

    @Override
    public void insert(StoredConnection connection) {
        requireNonNull(connection, "connection is null");
        if (connection.version() != 1) {
            throw new IllegalArgumentException("a new connection starts at version 1 but was " + connection.version());
        }
        write("inserting connection " + connection.id(), database -> {
            try (PreparedStatement insert = database.prepareStatement(
                    "insert into carto_connections (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindRow(insert, connection);
                insert.executeUpdate();
            }
            insertSecrets(database, connection);
            return null;
        });
    }

    @Override
    public Optional<StoredConnection> find(String id) {
        requireNonNull(id, "id is null");
        return inTransaction("reading connection " + id, database -> {
            try (PreparedStatement select = database.prepareStatement(
                    "select " + COLUMNS + " from carto_connections where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<StoredConnection>empty();
                    }
                    ResultSetRow copy = ResultSetRow.copy(row);
                    return Optional.of(copy.toConnection(secretsOf(database, List.of(id)).getOrDefault(id, Map.of())));
                }
            }
        });
    }

    @Override
    public List<StoredConnection> list(ConnectionFilter filter, int limit, Optional<String> afterName) {
        requireNonNull(filter, "filter is null");
        requireNonNull(afterName, "afterName is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive but was " + limit);
        }
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from carto_connections where organization_id = ?");
        List<String> parameters = new ArrayList<>(List.of(filter.organizationId()));
        filter.providerId().ifPresent(provider -> {
            sql.append(" and provider_id = ?");
            parameters.add(provider);
        });
        filter.namePrefix().ifPresent(prefix -> {
            sql.append(" and name like ? escape '!'");
            parameters.add(prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        });
        afterName.ifPresent(name -> {
            sql.append(" and name > ?");
            parameters.add(name);
        });
        sql.append(" order by name");
        return inTransaction("listing connections", database -> {
            List<ResultSetRow> rows = new ArrayList<>();
            try (PreparedStatement select = database.prepareStatement(sql.toString())) {
                for (int index = 0; index < parameters.size(); index++) {
                    select.setString(index + 1, parameters.get(index));
                }
                select.setMaxRows(limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rows.add(ResultSetRow.copy(row));
                    }
                }
            }
            Map<String, Map<String, EncryptedSecret>> secrets = secretsOf(database, rows.stream().map(ResultSetRow::id).toList());
            return rows.stream().map(row -> row.toConnection(secrets.getOrDefault(row.id(), Map.of()))).toList();
        });
    }

    @Override
    public void update(StoredConnection connection, long expectedVersion) {
        requireNonNull(connection, "connection is null");
        if (connection.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the replacement must carry version " + (expectedVersion + 1)
                    + " but carries " + connection.version());
        }
        write("updating connection " + connection.id(), database -> {
            try (PreparedStatement update = database.prepareStatement("update carto_connections set organization_id = ?,"
                    + " owner_id = ?, name = ?, provider_id = ?, auth_method = ?, properties = ?, advanced = ?,"
                    + " created_at = ?, updated_at = ?, version = ? where id = ? and version = ?")) {
                update.setString(1, connection.organizationId());
                update.setString(2, connection.ownerId());
                update.setString(3, connection.name());
                update.setString(4, connection.providerId());
                update.setString(5, connection.authMethod());
                update.setString(6, json(connection.properties()));
                update.setString(7, json(connection.advanced()));
                update.setObject(8, utc(connection.createdAt()));
                update.setObject(9, utc(connection.updatedAt()));
                update.setLong(10, connection.version());
                update.setString(11, connection.id());
                update.setLong(12, expectedVersion);
                if (update.executeUpdate() == 0) {
                    throw staleOrMissing(database, connection.id(), expectedVersion);
                }
            }
            try (PreparedStatement delete = database.prepareStatement("delete from carto_connection_secrets where connection_id = ?")) {
                delete.setString(1, connection.id());
                delete.executeUpdate();
            }
            insertSecrets(database, connection);
            return null;
        });
    }

    @Override
    public void delete(String id, long expectedVersion) {
        requireNonNull(id, "id is null");
        write("deleting connection " + id, database -> {
            try (PreparedStatement delete = database.prepareStatement("delete from carto_connections where id = ? and version = ?")) {
                delete.setString(1, id);
                delete.setLong(2, expectedVersion);
                if (delete.executeUpdate() == 0) {
                    throw staleOrMissing(database, id, expectedVersion);
                }
            }
            return null;
        });
    }

    @Override
    public List<StoredSecret> secretsNotUnderKey(String keyId, int limit) {
        return inTransaction("listing secrets to re-encrypt", database -> {
            try (PreparedStatement select = database.prepareStatement("select connection_id, secret_key, ciphertext, key_id"
                    + " from carto_connection_secrets where key_id <> ? order by connection_id, secret_key")) {
                select.setString(1, keyId);
                select.setMaxRows(limit);
                List<StoredSecret> secrets = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        secrets.add(new StoredSecret(row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
                    }
                }
                return secrets;
            }
        });
    }

    @Override
    public long countSecretsNotUnderKey(String keyId) {
        return inTransaction("counting secrets to re-encrypt", database -> {
            try (PreparedStatement select = database.prepareStatement("select count(*) from carto_connection_secrets where key_id <> ?")) {
                select.setString(1, keyId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    @Override
    public boolean replaceCiphertext(StoredSecret previous, String ciphertext, String keyId) {
        return write("re-encrypting a secret of " + previous.connectionId(), database -> {
            try (PreparedStatement update = database.prepareStatement("update carto_connection_secrets set ciphertext = ?, key_id = ?"
                    + " where connection_id = ? and secret_key = ? and ciphertext = ?")) {
                update.setString(1, ciphertext);
                update.setString(2, keyId);
                update.setString(3, previous.connectionId());
                update.setString(4, previous.secretKey());
                update.setString(5, previous.ciphertext());
                return update.executeUpdate() == 1;
            }
        });
    }

    private static void insertSecrets(Connection database, StoredConnection connection) throws SQLException {
        if (connection.encryptedSecrets().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = database.prepareStatement(
                "insert into carto_connection_secrets (connection_id, secret_key, ciphertext, key_id) values (?, ?, ?, ?)")) {
            for (Map.Entry<String, EncryptedSecret> secret : connection.encryptedSecrets().entrySet()) {
                insert.setString(1, connection.id());
                insert.setString(2, secret.getKey());
                insert.setString(3, secret.getValue().ciphertext());
                insert.setString(4, secret.getValue().keyId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Map<String, Map<String, EncryptedSecret>> secretsOf(Connection database, List<String> ids) throws SQLException {
        Map<String, Map<String, EncryptedSecret>> secrets = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return secrets;
        }
        String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = database.prepareStatement("select connection_id, secret_key, ciphertext, key_id"
                + " from carto_connection_secrets where connection_id in (" + placeholders + ") order by secret_key")) {
            for (int index = 0; index < ids.size(); index++) {
                select.setString(index + 1, ids.get(index));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    secrets.computeIfAbsent(row.getString(1), id -> new LinkedHashMap<>())
                            .put(row.getString(2), new EncryptedSecret(row.getString(4), row.getString(3)));
                }
            }
        }
        return secrets;
    }

    private static ConnectionException staleOrMissing(Connection database, String id, long expectedVersion) throws SQLException {
        try (PreparedStatement select = database.prepareStatement("select version from carto_connections where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new ConnectionException(ErrorCategory.NOT_FOUND, "connection " + id + " does not exist");
                }
                return new ConnectionException(ErrorCategory.CONFLICT, "version " + expectedVersion + " of connection " + id
                        + " is stale: it is at version " + row.getLong(1) + "; reload it and apply the change again");
            }
        }
    }

    private static void bindRow(PreparedStatement statement, StoredConnection connection) throws SQLException {
        statement.setString(1, connection.id());
        statement.setString(2, connection.organizationId());
        statement.setString(3, connection.ownerId());
        statement.setString(4, connection.name());
        statement.setString(5, connection.providerId());
        statement.setString(6, connection.authMethod());
        statement.setString(7, json(connection.properties()));
        statement.setString(8, json(connection.advanced()));
        statement.setObject(9, utc(connection.createdAt()));
        statement.setObject(10, utc(connection.updatedAt()));
        statement.setLong(11, connection.version());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String json(Map<String, Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new ConnectionException(ErrorCategory.INTERNAL, "a stored connection holds unreadable JSON", e);
        }
    }

    private <T> T write(String what, SqlWork<T> work) {
        writeLock.ifPresent(Lock::lock);
        try {
            return inTransaction(what, work);
        } finally {
            writeLock.ifPresent(Lock::unlock);
        }
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection database = dataSource.getConnection()) {
            database.setAutoCommit(false);
            try {
                T result = work.run(database);
                database.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                database.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ConnectionException(ErrorCategory.CONFLICT,
                        "name is already used by another connection of the organization", e, e.getSQLState(), e.getErrorCode());
            }
            throw ConnectionStore.failure(what, e);
        }
    }

    @Override
    public void close() {
        try {
            owned.close();
        } catch (Exception e) {
            throw ConnectionStore.failure("closing", e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection database) throws SQLException;
    }

    /** One row of {@code carto_connections}, copied out so secrets can be read before it becomes a connection. */
    private record ResultSetRow(String id, String organizationId, String ownerId, String name, String providerId,
            String authMethod, String properties, String advanced, Instant createdAt, Instant updatedAt, long version) {

        static ResultSetRow copy(ResultSet row) throws SQLException {
            return new ResultSetRow(row.getString("id"), row.getString("organization_id"), row.getString("owner_id"),
                    row.getString("name"), row.getString("provider_id"), row.getString("auth_method"),
                    row.getString("properties"), row.getString("advanced"),
                    row.getObject("created_at", OffsetDateTime.class).toInstant(),
                    row.getObject("updated_at", OffsetDateTime.class).toInstant(), row.getLong("version"));
        }

        StoredConnection toConnection(Map<String, EncryptedSecret> secrets) {
            return new StoredConnection(id, organizationId, ownerId, name, providerId, authMethod, parse(properties), secrets,
                    parse(advanced), createdAt, updatedAt, version);
        }
    }
}
