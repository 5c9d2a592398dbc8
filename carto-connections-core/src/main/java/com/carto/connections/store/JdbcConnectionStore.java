package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Dependent;
import com.carto.connections.access.InUseException;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.grants.Grant;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionStore} on a relational database: embedded H2 files or a shared PostgreSQL. The same SQL
 * serves both; the schema is created by versioned scripts when the store opens.
 */
final class JdbcConnectionStore implements ConnectionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String COLUMNS =
            "id, organization_id, owner_id, name, provider_id, auth_method, properties, advanced,"
                    + " created_at, updated_at, version, sharing";

    /**
     * The groups of a row shared with groups, aggregated by a correlated subquery on the groups' primary key; looked up
     * only for those rows, since {@link Sharing} allows no others to have any.
     */
    private static final String GROUPS_AGGREGATE =
            " case when sharing = 'GROUPS' then (select array_agg(g.group_name order by g.group_name)"
                    + " from carto_connection_groups g where g.connection_id = carto_connections.id) end as sharing_groups";

    /**
     * A connection with its secrets and groups in one statement, so a read is one round trip and sees one snapshot
     * (a single statement does, at read committed, on PostgreSQL and H2 alike): each secret as {@code [key, key id,
     * ciphertext]} and the groups, aggregated per row by correlated subqueries on the child tables' primary keys.
     */
    private static final String SELECT_CONNECTION = "select " + COLUMNS
            + ", (select array_agg(array[s.secret_key, s.key_id, s.ciphertext] order by s.secret_key)"
            + " from carto_connection_secrets s where s.connection_id = carto_connections.id) as secrets,"
            + GROUPS_AGGREGATE
            + " from carto_connections";

    /**
     * What a listing reads, in one statement as {@link #SELECT_CONNECTION}: the secrets' names only, which the secrets'
     * primary key holds, so no ciphertext is read, sent or decoded for a listing (on PostgreSQL 10,000 connections the
     * ciphertext aggregates were more than half of the listing's time above a plain select).
     */
    private static final String SELECT_LISTED = "select " + COLUMNS
            + ", (select array_agg(s.secret_key) from carto_connection_secrets s"
            + " where s.connection_id = carto_connections.id) as secret_keys,"
            + GROUPS_AGGREGATE
            + " from carto_connections";

    private static final Sharing ORGANIZATION_WIDE = Sharing.organization();
    private static final Sharing WITH_VIEWER_CREDENTIALS = Sharing.viewerCredentials();

    /** How many columns {@link #SELECT_CONNECTION} reads; a statement may add its own after them. */
    private static final int CONNECTION_COLUMNS = 14;

    /**
     * One connection with the credentials of one user, bound as (user, user, id): only a viewer with credentials of
     * their own has any; the owner's are null without a lookup. Written once: the read runs on every use.
     */
    private static final String SELECT_CONNECTION_FOR_USER = SELECT_CONNECTION.replace(
                    " from carto_connections",
                    ", case when sharing = 'VIEWER_CREDENTIALS' and owner_id <> ? then"
                            + " (select array_agg(array[v.secret_key, v.key_id, v.ciphertext] order by v.secret_key)"
                            + " from carto_viewer_credentials v where v.connection_id = carto_connections.id"
                            + " and v.user_id = ?) end as own_credentials from carto_connections")
            + " where id = ?";

    /**
     * One write lock per embedded database file. H2 can evaluate a waiting writer's {@code where version = ?}
     * against the row as it was before the other writer committed, letting two writers of one version both
     * succeed (seen in H2ConnectionStoreTest); an embedded database belongs to one process, so serializing its
     * writers in the JVM is exact. PostgreSQL re-checks the condition on the newest row itself and needs no lock.
     */
    private static final ConcurrentMap<Path, Lock> EMBEDDED_WRITE_LOCKS = new ConcurrentHashMap<>();

    /** H2's SQLSTATE for a database file another process has locked. */
    private static final String DATABASE_IN_USE = "90020";

    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final Optional<Lock> writeLock;
    private final DecodedConnections decoded = new DecodedConnections(DecodedConnections.DEFAULT_CAPACITY);

    private JdbcConnectionStore(DataSource dataSource, AutoCloseable owned, Optional<Lock> writeLock) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.writeLock = writeLock;
    }

    static JdbcConnectionStore h2(Path directory) {
        requireNonNull(directory, "directory is null");
        OwnerOnly.directory(directory);
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
        HikariDataSource pool = openEmbedded(config, directory);
        try {
            SchemaMigrations.apply(pool, SchemaMigrations.Database.H2);
            // The files the database just created carry the process umask; the directory already shuts others out.
            OwnerOnly.files(directory);
        } catch (IOException e) {
            pool.close();
            throw StoreErrors.failure("restricting the embedded store's files to their owner", e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Lock lock = EMBEDDED_WRITE_LOCKS.computeIfAbsent(
                directory.toAbsolutePath().normalize(), path -> new ReentrantLock());
        AutoCloseable owned = () -> {
            pool.close();
            // H2 may have written files since it opened (its trace file, for one); the directory keeps others out
            // meanwhile, and a copy of the directory keeps the files' permissions.
            OwnerOnly.files(directory);
        };
        return new JdbcConnectionStore(pool, owned, Optional.of(lock));
    }

    /** The pool opens its first connection at once, so a database another process holds fails here. */
    private static HikariDataSource openEmbedded(HikariConfig config, Path directory) {
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && DATABASE_IN_USE.equals(sql.getSQLState())) {
                    // Not retryable: the other process keeps the lock for as long as it runs, which is not a blip.
                    throw new ConnectionException(
                            ErrorCategory.CONFLICT,
                            "the embedded store at " + directory.toAbsolutePath() + " is in use by another process"
                                    + " (H2 file lock): one process at a time may open it; share a PostgreSQL store"
                                    + " between several",
                            e,
                            sql.getSQLState(),
                            sql.getErrorCode());
                }
            }
            throw StoreErrors.failure("opening the embedded store at " + directory.toAbsolutePath(), e);
        }
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
        change("inserting connection " + connection.id(), database -> {
            try (PreparedStatement insert = database.prepareStatement(
                    "insert into carto_connections (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindRow(insert, connection);
                insert.executeUpdate();
            }
            insertSecrets(database, connection);
            insertGroups(database, connection);
        });
    }

    @Override
    public Optional<StoredConnection> find(String id) {
        requireNonNull(id, "id is null");
        return statement("reading connection " + id, database -> {
            try (PreparedStatement select = database.prepareStatement(SELECT_CONNECTION + " where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(connection(row)) : Optional.<StoredConnection>empty();
                }
            }
        });
    }

    @Override
    public Optional<ConnectionForUser> findForUser(String id, String userId) {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        return statement("reading connection " + id, database -> {
            try (PreparedStatement select = database.prepareStatement(SELECT_CONNECTION_FOR_USER)) {
                select.setString(1, userId);
                select.setString(2, userId);
                select.setString(3, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<ConnectionForUser>empty();
                    }
                    StoredConnection connection = decoded.connection(storedRow(row));
                    return Optional.of(
                            new ConnectionForUser(connection, userId, secrets(row.getArray(CONNECTION_COLUMNS + 1))));
                }
            }
        });
    }

    /** How many rows the single-connection read for a user decoded rather than reused; a test's window on it. */
    long decodedReads() {
        return decoded.decodes();
    }

    /** The text matched literally by {@code like … escape '!'}. */
    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    @Override
    public List<ListedConnection> list(ConnectionFilter filter, int limit, Optional<String> afterName) {
        requireNonNull(filter, "filter is null");
        requireNonNull(afterName, "afterName is null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive but was " + limit);
        }
        StringBuilder sql = new StringBuilder(SELECT_LISTED + " where organization_id = ?");
        List<String> parameters = new ArrayList<>(List.of(filter.organizationId()));
        filter.providerId().ifPresent(provider -> {
            sql.append(" and provider_id = ?");
            parameters.add(provider);
        });
        filter.namePrefix().ifPresent(prefix -> {
            sql.append(" and name like ? escape '!'");
            parameters.add(likeLiteral(prefix) + "%");
        });
        filter.nameContains().ifPresent(text -> {
            // lower() on both sides, so the store's own case rules apply to the name and the text alike.
            sql.append(" and lower(name) like lower(?) escape '!'");
            parameters.add("%" + likeLiteral(text) + "%");
        });
        afterName.ifPresent(name -> {
            sql.append(" and name > ?");
            parameters.add(name);
        });
        filter.audience().ifPresent(audience -> {
            sql.append(" and (owner_id = ? or sharing in ('ORGANIZATION', 'VIEWER_CREDENTIALS')");
            parameters.add(audience.userId());
            if (!audience.groups().isEmpty()) {
                // A count per row, not exists: PostgreSQL turns an exists under an OR into a hashed subplan that reads
                // every membership of the principal's groups for each page (30 % of 100,000 connections made paging
                // ten times slower than the select); a scalar subquery is probed per row on the primary key.
                sql.append(" or sharing = 'GROUPS' and (select count(*) from carto_connection_groups g"
                                + " where g.connection_id = carto_connections.id and g.group_name in (")
                        .append(String.join(
                                ", ", Collections.nCopies(audience.groups().size(), "?")))
                        .append(")) > 0");
                parameters.addAll(new TreeSet<>(audience.groups()));
            }
            sql.append(")");
        });
        // A limit in the SQL, not setMaxRows, and the order named as the unique index's (the organization is fixed):
        // PostgreSQL and H2 then walk (organization_id, name) for one page instead of sorting every visible row.
        // The limit is written into the SQL, not bound, so that a generic plan of the prepared statement (PostgreSQL
        // may switch to one after five executions) still knows it reads one page.
        sql.append(" order by organization_id, name limit ").append(limit);
        return statement("listing connections", database -> {
            try (PreparedStatement select = database.prepareStatement(sql.toString())) {
                for (int index = 0; index < parameters.size(); index++) {
                    select.setString(index + 1, parameters.get(index));
                }
                List<ListedConnection> connections = new ArrayList<>(Math.min(limit, 1_000));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        connections.add(listed(row));
                    }
                }
                return connections;
            }
        });
    }

    @Override
    public void update(StoredConnection connection, long expectedVersion, boolean dropViewerCredentials) {
        replace(connection, expectedVersion, true, dropViewerCredentials);
    }

    @Override
    public void updateRow(StoredConnection connection, long expectedVersion) {
        replace(connection, expectedVersion, false, false);
    }

    private void replace(
            StoredConnection connection, long expectedVersion, boolean withSecrets, boolean dropViewerCredentials) {
        requireNonNull(connection, "connection is null");
        if (connection.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the replacement must carry version " + (expectedVersion + 1)
                    + " but carries " + connection.version());
        }
        change("updating connection " + connection.id(), database -> {
            try (PreparedStatement update = database.prepareStatement(
                    "update carto_connections set organization_id = ?,"
                            + " owner_id = ?, name = ?, provider_id = ?, auth_method = ?, properties = ?, advanced = ?,"
                            + " created_at = ?, updated_at = ?, version = ?, sharing = ? where id = ? and version = ?")) {
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
                update.setString(11, connection.sharing().mode().name());
                update.setString(12, connection.id());
                update.setLong(13, expectedVersion);
                if (update.executeUpdate() == 0) {
                    throw staleOrMissing(database, connection.id(), expectedVersion);
                }
            }
            // Only a change of settings rewrites the secrets: a rename or a share carries the ciphertexts it read,
            // and writing those back would undo a re-encryption that committed in between.
            if (withSecrets) {
                try (PreparedStatement delete =
                        database.prepareStatement("delete from carto_connection_secrets where connection_id = ?")) {
                    delete.setString(1, connection.id());
                    delete.executeUpdate();
                }
                insertSecrets(database, connection);
            }
            try (PreparedStatement delete =
                    database.prepareStatement("delete from carto_connection_groups where connection_id = ?")) {
                delete.setString(1, connection.id());
                delete.executeUpdate();
            }
            insertGroups(database, connection);
            // Viewer credentials exist only under viewer-credential sharing and never for the owner, who uses the
            // connection's own; keeping that true here makes it hold in the same transaction as every change.
            boolean dropAll = dropViewerCredentials || connection.sharing().mode() != Sharing.Mode.VIEWER_CREDENTIALS;
            try (PreparedStatement delete =
                    database.prepareStatement("delete from carto_viewer_credentials where connection_id = ?"
                            + (dropAll ? "" : " and user_id = ?"))) {
                delete.setString(1, connection.id());
                if (!dropAll) {
                    delete.setString(2, connection.ownerId());
                }
                delete.executeUpdate();
            }
        });
    }

    @Override
    public List<Dependent> delete(String id, long expectedVersion, Optional<String> reassignTo, boolean cascade) {
        requireNonNull(id, "id is null");
        requireNonNull(reassignTo, "reassignTo is null");
        return write("deleting connection " + id, database -> {
            // The row lock keeps a dependent from being recorded (addDependent takes the same lock) between reading
            // the dependents and deleting, so none is moved or removed without being reported.
            if (lockConnection(database, id).isEmpty()) {
                throw new ConnectionException(ErrorCategory.NOT_FOUND, "connection " + id + " does not exist");
            }
            List<Dependent> dependents = dependentsOf(database, id);
            if (!dependents.isEmpty()) {
                if (reassignTo.isPresent()) {
                    if (lockConnection(database, reassignTo.get()).isEmpty()) {
                        throw new ConnectionException(
                                ErrorCategory.NOT_FOUND,
                                "connection " + reassignTo.get() + " to reassign to does not exist");
                    }
                    // A dependent recorded on both keeps one row, on the target.
                    try (PreparedStatement merge = database.prepareStatement(
                            "delete from carto_connection_usages where connection_id = ?"
                                    + " and exists (select 1 from carto_connection_usages target where target.connection_id = ?"
                                    + " and target.kind = carto_connection_usages.kind and target.dependent_id = carto_connection_usages.dependent_id)")) {
                        merge.setString(1, id);
                        merge.setString(2, reassignTo.get());
                        merge.executeUpdate();
                    }
                    try (PreparedStatement move = database.prepareStatement(
                            "update carto_connection_usages set connection_id = ? where connection_id = ?")) {
                        move.setString(1, reassignTo.get());
                        move.setString(2, id);
                        move.executeUpdate();
                    }
                } else if (cascade) {
                    try (PreparedStatement remove =
                            database.prepareStatement("delete from carto_connection_usages where connection_id = ?")) {
                        remove.setString(1, id);
                        remove.executeUpdate();
                    }
                } else {
                    throw inUse(id, dependents);
                }
            }
            try (PreparedStatement delete =
                    database.prepareStatement("delete from carto_connections where id = ? and version = ?")) {
                delete.setString(1, id);
                delete.setLong(2, expectedVersion);
                if (delete.executeUpdate() == 0) {
                    throw staleOrMissing(database, id, expectedVersion);
                }
            }
            return dependents;
        });
    }

    private static ConnectionException inUse(String id, List<Dependent> dependents) {
        StringBuilder message = new StringBuilder("connection " + id + " is used by " + dependents.size() + " dependent"
                + (dependents.size() == 1 ? "" : "s") + ": ");
        int shown = Math.min(dependents.size(), 20);
        for (int index = 0; index < shown; index++) {
            Dependent dependent = dependents.get(index);
            message.append(index == 0 ? "" : ", ")
                    .append(dependent.kind())
                    .append(' ')
                    .append(dependent.id())
                    .append(" of ")
                    .append(dependent.ownerId());
        }
        if (shown < dependents.size()) {
            message.append(" and ").append(dependents.size() - shown).append(" more");
        }
        message.append("; reassign them to another connection or delete with cascade");
        return new InUseException(message.toString(), dependents);
    }

    @Override
    public void putViewerCredentials(String connectionId, String userId, Map<String, EncryptedSecret> secrets) {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(userId, "userId is null");
        change("storing viewer credentials of " + connectionId, database -> {
            // Checked under the row lock, so credentials never outlive a share or transfer that raced them.
            try (PreparedStatement select = database.prepareStatement(
                    "select sharing, owner_id from carto_connections where id = ? for update")) {
                select.setString(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new ConnectionException(
                                ErrorCategory.NOT_FOUND, "connection " + connectionId + " does not exist");
                    }
                    if (!Sharing.Mode.VIEWER_CREDENTIALS.name().equals(row.getString(1))
                            || userId.equals(row.getString(2))) {
                        throw new ConnectionException(
                                ErrorCategory.CONFLICT,
                                "connection " + connectionId + " is no longer shared with viewer credentials for "
                                        + userId + "; reload it");
                    }
                }
            }
            deleteViewerCredentials(database, connectionId, Optional.of(userId));
            try (PreparedStatement insert = database.prepareStatement("insert into carto_viewer_credentials"
                    + " (connection_id, user_id, secret_key, ciphertext, key_id) values (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, EncryptedSecret> secret : secrets.entrySet()) {
                    insert.setString(1, connectionId);
                    insert.setString(2, userId);
                    insert.setString(3, secret.getKey());
                    insert.setString(4, secret.getValue().ciphertext());
                    insert.setString(5, secret.getValue().keyId());
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                if ("23503".equals(e.getSQLState()) || e.getErrorCode() == 23506) {
                    throw new ConnectionException(
                            ErrorCategory.NOT_FOUND, "connection " + connectionId + " does not exist", e);
                }
                throw e;
            }
        });
    }

    @Override
    public Map<String, EncryptedSecret> viewerCredentials(String connectionId, String userId) {
        return inTransaction(
                "reading viewer credentials of " + connectionId,
                database -> viewerCredentials(database, connectionId, userId));
    }

    private static Map<String, EncryptedSecret> viewerCredentials(
            Connection database, String connectionId, String userId) throws SQLException {
        try (PreparedStatement select = database.prepareStatement("select secret_key, ciphertext, key_id"
                + " from carto_viewer_credentials where connection_id = ? and user_id = ? order by secret_key")) {
            select.setString(1, connectionId);
            select.setString(2, userId);
            Map<String, EncryptedSecret> secrets = new LinkedHashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    secrets.put(row.getString(1), new EncryptedSecret(row.getString(3), row.getString(2)));
                }
            }
            return secrets;
        }
    }

    @Override
    public Set<String> viewersWithCredentials(String connectionId) {
        return inTransaction("listing viewers of " + connectionId, database -> {
            try (PreparedStatement select = database.prepareStatement(
                    "select distinct user_id from carto_viewer_credentials where connection_id = ?")) {
                select.setString(1, connectionId);
                Set<String> users = new TreeSet<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        users.add(row.getString(1));
                    }
                }
                return users;
            }
        });
    }

    @Override
    public boolean deleteViewerCredentials(String connectionId, Optional<String> userId) {
        return write(
                "removing viewer credentials of " + connectionId,
                database -> deleteViewerCredentials(database, connectionId, userId));
    }

    private static boolean deleteViewerCredentials(Connection database, String connectionId, Optional<String> userId)
            throws SQLException {
        try (PreparedStatement delete =
                database.prepareStatement("delete from carto_viewer_credentials where connection_id = ?"
                        + (userId.isPresent() ? " and user_id = ?" : ""))) {
            delete.setString(1, connectionId);
            if (userId.isPresent()) {
                delete.setString(2, userId.get());
            }
            return delete.executeUpdate() > 0;
        }
    }

    @Override
    public void addDependent(String connectionId, Dependent dependent) {
        requireNonNull(connectionId, "connectionId is null");
        requireNonNull(dependent, "dependent is null");
        change("recording a dependent of " + connectionId, database -> {
            if (lockConnection(database, connectionId).isEmpty()) {
                throw new ConnectionException(
                        ErrorCategory.NOT_FOUND, "connection " + connectionId + " does not exist");
            }
            try (PreparedStatement remove = database.prepareStatement(
                    "delete from carto_connection_usages where connection_id = ? and kind = ? and dependent_id = ?")) {
                remove.setString(1, connectionId);
                remove.setString(2, dependent.kind());
                remove.setString(3, dependent.id());
                remove.executeUpdate();
            }
            try (PreparedStatement insert = database.prepareStatement("insert into carto_connection_usages"
                    + " (connection_id, kind, dependent_id, owner_id) values (?, ?, ?, ?)")) {
                insert.setString(1, connectionId);
                insert.setString(2, dependent.kind());
                insert.setString(3, dependent.id());
                insert.setString(4, dependent.ownerId());
                insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean removeDependent(String connectionId, String kind, String dependentId) {
        return write("removing a dependent of " + connectionId, database -> {
            try (PreparedStatement remove = database.prepareStatement(
                    "delete from carto_connection_usages where connection_id = ? and kind = ? and dependent_id = ?")) {
                remove.setString(1, connectionId);
                remove.setString(2, kind);
                remove.setString(3, dependentId);
                return remove.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Dependent> dependents(String connectionId) {
        return inTransaction("listing dependents of " + connectionId, database -> dependentsOf(database, connectionId));
    }

    /** Locks the connection's row for the transaction; empty when it does not exist. */
    private static Optional<String> lockConnection(Connection database, String id) throws SQLException {
        try (PreparedStatement select =
                database.prepareStatement("select id from carto_connections where id = ? for update")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private static List<Dependent> dependentsOf(Connection database, String connectionId) throws SQLException {
        try (PreparedStatement select =
                database.prepareStatement("select kind, dependent_id, owner_id from carto_connection_usages"
                        + " where connection_id = ? order by kind, dependent_id")) {
            select.setString(1, connectionId);
            List<Dependent> dependents = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    dependents.add(new Dependent(row.getString(1), row.getString(2), row.getString(3)));
                }
            }
            return dependents;
        }
    }

    @Override
    public List<StoredSecret> secretsNotUnderKey(String keyId, int limit) {
        return inTransaction("listing secrets to re-encrypt", database -> {
            List<StoredSecret> secrets = new ArrayList<>();
            try (PreparedStatement select =
                    database.prepareStatement("select connection_id, secret_key, ciphertext, key_id"
                            + " from carto_connection_secrets where key_id <> ? order by connection_id, secret_key")) {
                select.setString(1, keyId);
                select.setMaxRows(limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        secrets.add(new StoredSecret(
                                row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
                    }
                }
            }
            if (secrets.size() < limit) {
                try (PreparedStatement select = database.prepareStatement(
                        "select connection_id, secret_key, ciphertext, key_id,"
                                + " user_id from carto_viewer_credentials where key_id <> ? order by connection_id, user_id, secret_key")) {
                    select.setString(1, keyId);
                    select.setMaxRows(limit - secrets.size());
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            secrets.add(new StoredSecret(
                                    row.getString(1),
                                    row.getString(2),
                                    row.getString(3),
                                    row.getString(4),
                                    Optional.of(row.getString(5))));
                        }
                    }
                }
            }
            return secrets;
        });
    }

    @Override
    public Set<String> keyIdsInUse() {
        return inTransaction("listing the keys secrets are under", database -> {
            Set<String> ids = new TreeSet<>();
            try (PreparedStatement select =
                            database.prepareStatement("select distinct key_id from carto_connection_secrets"
                                    + " union select distinct key_id from carto_viewer_credentials"
                                    + " union select distinct encryption_key_id from carto_grant_signing_keys"
                                    // A retired key's private half is erased: it needs no key of the ring.
                                    + " where retired_at is null");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
            return ids;
        });
    }

    @Override
    public long countSecretsNotUnderKey(String keyId) {
        return inTransaction("counting secrets to re-encrypt", database -> {
            try (PreparedStatement select = database.prepareStatement(
                    "select (select count(*) from carto_connection_secrets"
                            + " where key_id <> ?) + (select count(*) from carto_viewer_credentials where key_id <> ?)")) {
                select.setString(1, keyId);
                select.setString(2, keyId);
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
            String table = previous.viewerId().isPresent() ? "carto_viewer_credentials" : "carto_connection_secrets";
            try (PreparedStatement update =
                    database.prepareStatement("update " + table + " set ciphertext = ?, key_id = ?"
                            + " where connection_id = ? and secret_key = ? and ciphertext = ?"
                            + (previous.viewerId().isPresent() ? " and user_id = ?" : ""))) {
                update.setString(1, ciphertext);
                update.setString(2, keyId);
                update.setString(3, previous.connectionId());
                update.setString(4, previous.secretKey());
                update.setString(5, previous.ciphertext());
                if (previous.viewerId().isPresent()) {
                    update.setString(6, previous.viewerId().get());
                }
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void insertGrant(Grant grant) {
        requireNonNull(grant, "grant is null");
        change("storing a grant of connection " + grant.connectionId(), database -> {
            if (lockConnection(database, grant.connectionId()).isEmpty()) {
                throw new ConnectionException(
                        ErrorCategory.NOT_FOUND, "connection " + grant.connectionId() + " does not exist");
            }
            GrantRows.insert(database, grant);
        });
    }

    @Override
    public Optional<Grant> findGrant(String id) {
        requireNonNull(id, "id is null");
        return statement("reading a grant", database -> GrantRows.find(database, id));
    }

    @Override
    public List<Grant> grants(String connectionId) {
        requireNonNull(connectionId, "connectionId is null");
        return statement(
                "listing the grants of connection " + connectionId,
                database -> GrantRows.ofConnection(database, connectionId));
    }

    @Override
    public boolean revokeGrant(String id, Instant at) {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        return write("revoking a grant", database -> GrantRows.revoke(database, id, at));
    }

    @Override
    public GrantAndSigningKeys findGrantAndActiveSigningKeys(String grantId) {
        requireNonNull(grantId, "grantId is null");
        return statement(
                "reading a grant with the signing keys", database -> GrantRows.findWithActiveKeys(database, grantId));
    }

    @Override
    public boolean transferGrant(String id, String fromCreatorId, String toCreatorId) {
        requireNonNull(id, "id is null");
        requireNonNull(fromCreatorId, "fromCreatorId is null");
        requireNonNull(toCreatorId, "toCreatorId is null");
        return write("transferring a grant", database -> GrantRows.transfer(database, id, fromCreatorId, toCreatorId));
    }

    @Override
    public void insertSigningKey(StoredSigningKey key) {
        requireNonNull(key, "key is null");
        change("storing a signing key", database -> GrantRows.insertKey(database, key));
    }

    @Override
    public List<StoredSigningKey> signingKeys() {
        return statement("reading the signing keys", GrantRows::keys);
    }

    @Override
    public boolean retireSigningKey(String keyId, Instant at) {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(at, "at is null");
        return write("retiring a signing key", database -> GrantRows.retireKey(database, keyId, at));
    }

    @Override
    public boolean replaceSigningKeyCiphertext(StoredSigningKey previous, EncryptedSecret privateKey) {
        requireNonNull(previous, "previous is null");
        requireNonNull(privateKey, "privateKey is null");
        return write(
                "re-encrypting signing key " + previous.keyId(),
                database -> GrantRows.replaceKeyCiphertext(database, previous, privateKey));
    }

    private static void insertSecrets(Connection database, StoredConnection connection) throws SQLException {
        if (connection.encryptedSecrets().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = database.prepareStatement(
                "insert into carto_connection_secrets (connection_id, secret_key, ciphertext, key_id) values (?, ?, ?, ?)")) {
            for (Map.Entry<String, EncryptedSecret> secret :
                    connection.encryptedSecrets().entrySet()) {
                insert.setString(1, connection.id());
                insert.setString(2, secret.getKey());
                insert.setString(3, secret.getValue().ciphertext());
                insert.setString(4, secret.getValue().keyId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertGroups(Connection database, StoredConnection connection) throws SQLException {
        if (connection.sharing().groups().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = database.prepareStatement(
                "insert into carto_connection_groups (connection_id, group_name) values (?, ?)")) {
            for (String group : connection.sharing().groups()) {
                insert.setString(1, connection.id());
                insert.setString(2, group);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static ConnectionException staleOrMissing(Connection database, String id, long expectedVersion)
            throws SQLException {
        try (PreparedStatement select =
                database.prepareStatement("select version from carto_connections where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new ConnectionException(ErrorCategory.NOT_FOUND, "connection " + id + " does not exist");
                }
                return new ConnectionException(
                        ErrorCategory.CONFLICT,
                        "version " + expectedVersion + " of connection " + id + " is stale: it is at version "
                                + row.getLong(1) + "; reload it and apply the change again");
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
        statement.setString(12, connection.sharing().mode().name());
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

    /**
     * A stored object of plain values, read token by token: what {@code ObjectMapper.readValue} into a map gives
     * (numbers as the parser types them, as Jackson's untyped deserializer does) without building a deserialization
     * context per call, which was most of the listing's client time. Anything else (a nested value, a malformed
     * document) goes through the mapper, so it fails or maps exactly as before.
     */
    static Map<String, Object> parse(String json) {
        Map<String, Object> values = new LinkedHashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return parseWithMapper(json);
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String key = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                Object value = valueToken == null
                        ? null
                        : switch (valueToken) {
                            case VALUE_STRING -> parser.getText();
                            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
                            case VALUE_TRUE -> true;
                            case VALUE_FALSE -> false;
                            default -> null;
                        };
                if (token != JsonToken.FIELD_NAME || key == null || value == null) {
                    return parseWithMapper(json);
                }
                values.put(key, value);
            }
            if (parser.nextToken() != null) {
                return parseWithMapper(json);
            }
            return values;
        } catch (IOException e) {
            return parseWithMapper(json);
        }
    }

    private static Map<String, Object> parseWithMapper(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new ConnectionException(ErrorCategory.INTERNAL, "a stored connection holds unreadable JSON", e);
        }
    }

    /** A write whose work returns nothing. */
    private void change(String what, SqlChange change) {
        write(what, database -> {
            change.run(database);
            return Boolean.TRUE;
        });
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
        return inTransaction(what, work, -1);
    }

    /**
     * A read in one statement, in autocommit: no transaction to begin or commit, no isolation to set and restore, so
     * on PostgreSQL it is one round trip. A single statement sees one snapshot by itself.
     */
    private <T> T statement(String what, SqlWork<T> work) {
        try (Connection database = dataSource.getConnection()) {
            if (!database.getAutoCommit()) {
                // A host's pool may hand out connections outside autocommit; HikariCP restores it on return.
                database.setAutoCommit(true);
            }
            return work.run(database);
        } catch (SQLException e) {
            throw StoreErrors.failure(what, e);
        }
    }

    private <T> T inTransaction(String what, SqlWork<T> work, int isolation) {
        try (Connection database = dataSource.getConnection()) {
            database.setAutoCommit(false);
            if (isolation >= 0) {
                // HikariCP restores the pool's isolation when the connection returns.
                database.setTransactionIsolation(isolation);
            }
            try {
                T result = work.run(database);
                database.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                database.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState())) {
                // A dependent recorded between reading the dependents and deleting the connection.
                throw new ConnectionException(
                        ErrorCategory.IN_USE, what + " failed: a dependent was recorded meanwhile; try again", e);
            }
            if ("23505".equals(e.getSQLState())) {
                throw new ConnectionException(
                        ErrorCategory.CONFLICT,
                        "name is already used by another connection of the organization",
                        e,
                        e.getSQLState(),
                        e.getErrorCode());
            }
            throw StoreErrors.failure(what, e);
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

    @FunctionalInterface
    private interface SqlChange {
        void run(Connection database) throws SQLException;
    }

    /** The connection on the current row of a statement that starts with {@link #SELECT_CONNECTION}'s columns. */
    private static StoredConnection connection(ResultSet row) throws SQLException {
        return new StoredConnection(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                parse(row.getString(7)),
                secrets(row.getArray(13)),
                parse(row.getString(8)),
                row.getObject(9, OffsetDateTime.class).toInstant(),
                row.getObject(10, OffsetDateTime.class).toInstant(),
                row.getLong(11),
                sharing(row));
    }

    /** The listing row on the current row of a statement that starts with {@link #SELECT_LISTED}'s columns. */
    private static ListedConnection listed(ResultSet row) throws SQLException {
        Array secretKeys = row.getArray(13);
        return new ListedConnection(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                parse(row.getString(7)),
                secretKeys == null ? Set.of() : strings(secretKeys),
                parse(row.getString(8)),
                row.getObject(9, OffsetDateTime.class).toInstant(),
                row.getObject(10, OffsetDateTime.class).toInstant(),
                row.getLong(11),
                sharing(row));
    }

    /**
     * The sharing in column 12 with the groups aggregated in column 14 (only for rows shared with groups); the modes
     * without groups are built once, since a listing maps thousands of rows.
     */
    private static Sharing sharing(ResultSet row) throws SQLException {
        Sharing.Mode mode = Sharing.Mode.valueOf(row.getString(12));
        return switch (mode) {
            case PRIVATE -> Sharing.PRIVATE;
            case ORGANIZATION -> ORGANIZATION_WIDE;
            case VIEWER_CREDENTIALS -> WITH_VIEWER_CREDENTIALS;
            case GROUPS -> {
                Array groups = row.getArray(14);
                yield new Sharing(mode, groups == null ? Set.of() : strings(groups));
            }
        };
    }

    /** The row under {@link #connection(ResultSet)}'s columns, its settings not parsed yet. */
    private static DecodedConnections.StoredRow storedRow(ResultSet row) throws SQLException {
        Array groups = row.getArray(14);
        return new DecodedConnections.StoredRow(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                secrets(row.getArray(13)),
                row.getObject(9, OffsetDateTime.class).toInstant(),
                row.getObject(10, OffsetDateTime.class).toInstant(),
                row.getLong(11),
                row.getString(12),
                groups == null ? null : strings(groups));
    }

    /** Secrets aggregated as {@code [key, key id, ciphertext]} triples, in key order; SQL null when there are none. */
    private static Map<String, EncryptedSecret> secrets(@Nullable Array aggregated) throws SQLException {
        if (aggregated == null) {
            return Map.of();
        }
        Map<String, EncryptedSecret> secrets = new LinkedHashMap<>();
        for (Object element : (Object[]) aggregated.getArray()) {
            // pgjdbc gives a two-dimensional array as nested Java arrays, H2 as an array of JDBC arrays.
            Object[] secret = element instanceof Array inner ? (Object[]) inner.getArray() : (Object[]) element;
            secrets.put((String) secret[0], new EncryptedSecret((String) secret[1], (String) secret[2]));
        }
        aggregated.free();
        return secrets;
    }

    /** An aggregate of distinct strings (names from a primary key), as an immutable set. */
    private static Set<String> strings(Array aggregated) throws SQLException {
        Object[] elements = (Object[]) aggregated.getArray();
        String[] strings = new String[elements.length];
        for (int index = 0; index < elements.length; index++) {
            strings[index] = (String) elements[index];
        }
        aggregated.free();
        return Set.of(strings);
    }
}
