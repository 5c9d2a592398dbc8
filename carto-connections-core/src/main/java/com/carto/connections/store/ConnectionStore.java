package com.carto.connections.store;

import com.carto.connections.ConnectionException;
import com.carto.connections.ErrorCategory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where connections live between restarts. Every write carries the version the writer read: a stale write fails
 * with {@link ErrorCategory#CONFLICT} and changes nothing, so concurrent writers, including several application
 * instances on one PostgreSQL, never lose an update. Implementations are thread-safe.
 */
public interface ConnectionStore extends AutoCloseable {
    /** An H2 database in files under {@code directory}, created on first use: the zero-set-up default. */
    static ConnectionStore embedded(Path directory) {
        return JdbcConnectionStore.h2(directory);
    }

    /** Tables in a PostgreSQL database that several application instances share; the caller owns the pool. */
    static ConnectionStore postgres(DataSource dataSource) {
        return JdbcConnectionStore.postgres(dataSource);
    }

    /**
     * Stores a new connection at version 1.
     *
     * @throws ConnectionException {@code CONFLICT} naming {@code name} when the organization already has that name
     */
    void insert(StoredConnection connection);

    Optional<StoredConnection> find(String id);

    /** Connections matching the filter ordered by name, at most {@code limit} after {@code afterName}. */
    List<StoredConnection> list(ConnectionFilter filter, int limit, Optional<String> afterName);

    /**
     * Replaces a connection, secrets included, if it is still at {@code expectedVersion}; the replacement carries
     * the new version.
     *
     * @throws ConnectionException {@code CONFLICT} when the version moved on or the new name is taken,
     *     {@code NOT_FOUND} when the connection is gone
     */
    void update(StoredConnection connection, long expectedVersion);

    /**
     * Deletes a connection and its secrets if it is still at {@code expectedVersion}.
     *
     * @throws ConnectionException {@code CONFLICT} when the version moved on, {@code NOT_FOUND} when it is gone
     */
    void delete(String id, long expectedVersion);

    /** Secrets whose ciphertext is under another key than {@code keyId}, for re-encryption after a rotation. */
    List<StoredSecret> secretsNotUnderKey(String keyId, int limit);

    /** How many secrets are under another key than {@code keyId}. */
    long countSecretsNotUnderKey(String keyId);

    /**
     * Replaces one secret's ciphertext if it still is {@code previous.ciphertext()}; false when a concurrent writer
     * changed it first, which is harmless for re-encryption: the newer value is already under a current key.
     */
    boolean replaceCiphertext(StoredSecret previous, String ciphertext, String keyId);

    @Override
    void close();

    /** Wraps a store failure. */
    static ConnectionException failure(String what, Exception cause) {
        return new ConnectionException(ErrorCategory.UNAVAILABLE, "Connection store: " + what + " failed: " + cause.getMessage(), cause);
    }
}
