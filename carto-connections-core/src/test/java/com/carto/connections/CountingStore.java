package com.carto.connections;

import com.carto.connections.access.Dependent;
import com.carto.connections.grants.Grant;
import com.carto.connections.store.ConnectionFilter;
import com.carto.connections.store.ConnectionForUser;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.GrantAndSigningKeys;
import com.carto.connections.store.ListedConnection;
import com.carto.connections.store.StoredConnection;
import com.carto.connections.store.StoredSecret;
import com.carto.connections.store.StoredSigningKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real store with every call recorded by name, to count the round trips the facade makes. */
final class CountingStore implements ConnectionStore {
    private final ConnectionStore store;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    CountingStore(ConnectionStore store) {
        this.store = store;
    }

    /** The calls made since the last {@link #reset()}, by method name. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    void reset() {
        calls.clear();
    }

    private <T> T called(String name, T result) {
        calls.add(name);
        return result;
    }

    @Override
    public void insert(StoredConnection connection) {
        calls.add("insert");
        store.insert(connection);
    }

    @Override
    public Optional<StoredConnection> find(String id) {
        return called("find", store.find(id));
    }

    @Override
    public Optional<ConnectionForUser> findForUser(String id, String userId) {
        return called("findForUser", store.findForUser(id, userId));
    }

    @Override
    public List<ListedConnection> list(ConnectionFilter filter, int limit, Optional<String> afterName) {
        return called("list", store.list(filter, limit, afterName));
    }

    @Override
    public void update(StoredConnection connection, long expectedVersion, boolean dropViewerCredentials) {
        calls.add("update");
        store.update(connection, expectedVersion, dropViewerCredentials);
    }

    @Override
    public void updateRow(StoredConnection connection, long expectedVersion) {
        calls.add("updateRow");
        store.updateRow(connection, expectedVersion);
    }

    @Override
    public List<Dependent> delete(String id, long expectedVersion, Optional<String> reassignTo, boolean cascade) {
        return called("delete", store.delete(id, expectedVersion, reassignTo, cascade));
    }

    @Override
    public void putViewerCredentials(String connectionId, String userId, Map<String, EncryptedSecret> secrets) {
        calls.add("putViewerCredentials");
        store.putViewerCredentials(connectionId, userId, secrets);
    }

    @Override
    public Map<String, EncryptedSecret> viewerCredentials(String connectionId, String userId) {
        return called("viewerCredentials", store.viewerCredentials(connectionId, userId));
    }

    @Override
    public Set<String> viewersWithCredentials(String connectionId) {
        return called("viewersWithCredentials", store.viewersWithCredentials(connectionId));
    }

    @Override
    public boolean deleteViewerCredentials(String connectionId, Optional<String> userId) {
        return called("deleteViewerCredentials", store.deleteViewerCredentials(connectionId, userId));
    }

    @Override
    public void addDependent(String connectionId, Dependent dependent) {
        calls.add("addDependent");
        store.addDependent(connectionId, dependent);
    }

    @Override
    public boolean removeDependent(String connectionId, String kind, String dependentId) {
        return called("removeDependent", store.removeDependent(connectionId, kind, dependentId));
    }

    @Override
    public List<Dependent> dependents(String connectionId) {
        return called("dependents", store.dependents(connectionId));
    }

    @Override
    public List<StoredSecret> secretsNotUnderKey(String keyId, int limit) {
        return called("secretsNotUnderKey", store.secretsNotUnderKey(keyId, limit));
    }

    @Override
    public long countSecretsNotUnderKey(String keyId) {
        return called("countSecretsNotUnderKey", store.countSecretsNotUnderKey(keyId));
    }

    @Override
    public boolean replaceCiphertext(StoredSecret previous, String ciphertext, String keyId) {
        return called("replaceCiphertext", store.replaceCiphertext(previous, ciphertext, keyId));
    }

    @Override
    public void insertGrant(Grant grant) {
        calls.add("insertGrant");
        store.insertGrant(grant);
    }

    @Override
    public Optional<Grant> findGrant(String id) {
        return called("findGrant", store.findGrant(id));
    }

    @Override
    public List<Grant> grants(String connectionId) {
        return called("grants", store.grants(connectionId));
    }

    @Override
    public boolean revokeGrant(String id, Instant at) {
        return called("revokeGrant", store.revokeGrant(id, at));
    }

    @Override
    public GrantAndSigningKeys findGrantAndActiveSigningKeys(String grantId) {
        return called("findGrantAndActiveSigningKeys", store.findGrantAndActiveSigningKeys(grantId));
    }

    @Override
    public boolean transferGrant(String id, String fromCreatorId, String toCreatorId) {
        return called("transferGrant", store.transferGrant(id, fromCreatorId, toCreatorId));
    }

    @Override
    public void insertSigningKey(StoredSigningKey key) {
        calls.add("insertSigningKey");
        store.insertSigningKey(key);
    }

    @Override
    public List<StoredSigningKey> signingKeys() {
        return called("signingKeys", store.signingKeys());
    }

    @Override
    public boolean retireSigningKey(String keyId, Instant at) {
        return called("retireSigningKey", store.retireSigningKey(keyId, at));
    }

    @Override
    public boolean replaceSigningKeyCiphertext(StoredSigningKey previous, EncryptedSecret privateKey) {
        return called("replaceSigningKeyCiphertext", store.replaceSigningKeyCiphertext(previous, privateKey));
    }

    @Override
    public void close() {
        store.close();
    }
}
