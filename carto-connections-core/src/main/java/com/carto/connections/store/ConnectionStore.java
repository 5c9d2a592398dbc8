package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Dependent;
import com.carto.connections.access.Sharing;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.grants.Grant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * The connection with the credentials {@code userId} stored for it, in one read: what using a connection needs.
     * The credentials are read only when the connection is shared with viewer credentials and {@code userId} does not
     * own it; otherwise they are empty.
     */
    default Optional<ConnectionForUser> findForUser(String id, String userId) {
        requireNonNull(userId, "userId is null");
        return find(id).map(connection -> new ConnectionForUser(
                connection, userId, usesOwnCredentials(connection, userId) ? viewerCredentials(id, userId) : Map.of()));
    }

    /** Whether {@code userId} uses the connection with viewer credentials of their own rather than the owner's. */
    private static boolean usesOwnCredentials(StoredConnection connection, String userId) {
        return connection.sharing().mode() == Sharing.Mode.VIEWER_CREDENTIALS
                && !connection.ownerId().equals(userId);
    }

    /**
     * Connections matching the filter ordered by name, at most {@code limit} after {@code afterName}. A filter with an
     * audience keeps only what that user may see, in the query itself. Each carries its secrets' names, never their
     * ciphertexts: a listing decrypts nothing, so the store reads and sends no ciphertext for it; {@link #find} reads
     * a connection whole.
     */
    List<ListedConnection> list(ConnectionFilter filter, int limit, Optional<String> afterName);

    /**
     * Replaces a connection, secrets included, if it is still at {@code expectedVersion}; the replacement carries
     * the new version.
     *
     * @throws ConnectionException {@code CONFLICT} when the version moved on or the new name is taken,
     *     {@code NOT_FOUND} when the connection is gone
     */
    default void update(StoredConnection connection, long expectedVersion) {
        update(connection, expectedVersion, false);
    }

    /**
     * Replaces a connection as {@link #update(StoredConnection, long)} does and, when {@code dropViewerCredentials},
     * removes every viewer's credentials in the same transaction. Whatever the flag, viewer credentials are removed
     * when the new sharing is not viewer credentials, and the owner's own never remain.
     */
    void update(StoredConnection connection, long expectedVersion, boolean dropViewerCredentials);

    /**
     * Replaces a connection's row and groups (name, owner, sharing, settings) but not its secrets, which keep the
     * ciphertexts a concurrent re-encryption may have written; the same rules for viewer credentials apply.
     */
    void updateRow(StoredConnection connection, long expectedVersion);

    /**
     * Deletes a connection, its secrets, groups and viewer credentials if it is still at {@code expectedVersion} and
     * nothing depends on it.
     *
     * @throws ConnectionException {@code CONFLICT} when the version moved on, {@code NOT_FOUND} when it is gone,
     *     {@code IN_USE} when dependents are recorded
     */
    default void delete(String id, long expectedVersion) {
        delete(id, expectedVersion, Optional.empty(), false);
    }

    /**
     * Deletes a connection as {@link #delete(String, long)} does, in one transaction with what happens to its
     * dependents: moved to {@code reassignTo}, or removed when {@code cascade}; otherwise any dependent fails it.
     *
     * @return the dependents that were moved or removed
     */
    List<Dependent> delete(String id, long expectedVersion, Optional<String> reassignTo, boolean cascade);

    /**
     * Replaces every credential {@code userId} stored for the connection with {@code secrets}.
     *
     * @throws ConnectionException {@code NOT_FOUND} when the connection is gone, {@code CONFLICT} when it is not (any
     *     more) shared with viewer credentials or {@code userId} owns it
     */
    void putViewerCredentials(String connectionId, String userId, Map<String, EncryptedSecret> secrets);

    /** The credentials {@code userId} stored for the connection; empty when none. */
    Map<String, EncryptedSecret> viewerCredentials(String connectionId, String userId);

    /** The users who stored credentials for the connection. */
    Set<String> viewersWithCredentials(String connectionId);

    /** Removes the credentials of one user, or of every user when {@code userId} is empty; true when any existed. */
    boolean deleteViewerCredentials(String connectionId, Optional<String> userId);

    /**
     * Records that {@code dependent} uses the connection; recording it again changes nothing.
     *
     * @throws ConnectionException {@code NOT_FOUND} when the connection does not exist
     */
    void addDependent(String connectionId, Dependent dependent);

    /** Forgets a dependent; true when it was recorded. */
    boolean removeDependent(String connectionId, String kind, String dependentId);

    /** What depends on the connection, by kind and id. */
    List<Dependent> dependents(String connectionId);

    /** Secrets whose ciphertext is under another key than {@code keyId}, for re-encryption after a rotation. */
    List<StoredSecret> secretsNotUnderKey(String keyId, int limit);

    /**
     * The ids of the keys the stored secrets, the connections' and the viewers', are encrypted under: what a key ring
     * must hold for every secret to decrypt. Empty when the store holds no secret.
     */
    default Set<String> keyIdsInUse() {
        // No key id is empty, so every secret is "not under" it; a store can answer faster with a distinct query.
        Set<String> ids = new TreeSet<>();
        secretsNotUnderKey("", Integer.MAX_VALUE).forEach(secret -> ids.add(secret.keyId()));
        return ids;
    }

    /** How many secrets are under another key than {@code keyId}. */
    long countSecretsNotUnderKey(String keyId);

    /**
     * Replaces one secret's ciphertext, the owner's or a viewer's ({@link StoredSecret#viewerId()}), if it still is
     * {@code previous.ciphertext()}: a compare-and-set, for re-encrypting under a new key and for saving a credential
     * the warehouse rotated. False when a concurrent writer changed or removed it first, and that writer wins: for
     * re-encryption the newer value is already under a current key; for a rotation, an owner's update or a viewer's
     * new credentials are newer than the rotated value. Neither the connection's version nor its timestamps change,
     * so clients opened for the version stay valid.
     */
    boolean replaceCiphertext(StoredSecret previous, String ciphertext, String keyId);

    /**
     * Stores a new grant.
     *
     * @throws ConnectionException {@code NOT_FOUND} when its connection does not exist (any more)
     */
    void insertGrant(Grant grant);

    Optional<Grant> findGrant(String id);

    /** The connection's grants, revoked and expired ones included, oldest first. */
    List<Grant> grants(String connectionId);

    /** Marks a grant revoked at {@code at}; false when it does not exist or was revoked already. */
    boolean revokeGrant(String id, Instant at);

    /**
     * The grant and the signing keys that are not retired, as {@link #findGrant} and {@link #signingKeys} give them,
     * read together: a token call that must read both again reads them in one round trip where the store can.
     */
    default GrantAndSigningKeys findGrantAndActiveSigningKeys(String grantId) {
        return new GrantAndSigningKeys(
                findGrant(grantId),
                signingKeys().stream().filter(key -> key.retiredAt().isEmpty()).toList());
    }

    /**
     * Gives an unrevoked grant to another creator if its creator still is {@code fromCreatorId}: a compare-and-set, so
     * of two concurrent transfers one wins. False when the grant does not exist, is revoked or changed creator first.
     */
    boolean transferGrant(String id, String fromCreatorId, String toCreatorId);

    /** Stores a new signing key for grant tokens. */
    void insertSigningKey(StoredSigningKey key);

    /** Every signing key, retired ones included, oldest first. */
    List<StoredSigningKey> signingKeys();

    /**
     * Retires a signing key at {@code at} and erases its private half; false when it does not exist or was retired
     * already.
     */
    boolean retireSigningKey(String keyId, Instant at);

    /**
     * Replaces the private half of a signing key that is not retired, if it still is {@code previous}'s: a
     * compare-and-set, for re-encrypting it under a new key of the ring. False when the key was retired or its private
     * half changed meanwhile.
     */
    boolean replaceSigningKeyCiphertext(StoredSigningKey previous, EncryptedSecret privateKey);

    @Override
    void close();

    /**
     * Wraps a store failure, keeping it as the cause. An {@link java.sql.SQLException} is classified by its SQLSTATE:
     * connection loss, serialization failures, deadlocks and lock timeouts are {@code UNAVAILABLE} (retryable); data
     * exceptions such as a value too long are {@code INVALID_CONFIGURATION}; unique violations {@code CONFLICT};
     * anything else {@code INTERNAL}. Other failures are {@code UNAVAILABLE}.
     */
    static ConnectionException failure(String what, Exception cause) {
        return StoreErrors.failure(what, cause);
    }
}
