package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Sharing;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The connections the single-connection read decoded lately, by id, each with the row it was decoded from. The read
 * still runs on every call (access is checked against the store each time), but a row that reads back exactly as
 * before, every column equal, gives back the connection decoded then instead of parsing its JSON settings and building
 * it again. Keyed on the whole row rather than the version alone: a re-encrypted or rotated secret changes its
 * ciphertext without a new version, and a connection deleted and inserted again starts at version 1 again.
 *
 * <p>Bounded: past {@code capacity} entries it starts again from empty (crude, like the resolver's parsed options, and
 * far cheaper than a lock per read). Thread-safe.
 */
final class DecodedConnections {
    static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();
    private final LongAdder decodes = new LongAdder();

    DecodedConnections(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive but was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The connection of the row: the one decoded before when the row is unchanged, else decoded now and kept. */
    StoredConnection connection(StoredRow row) {
        requireNonNull(row, "row is null");
        Decoded known = decoded.get(row.id());
        if (known != null && known.row().equals(row)) {
            return known.connection();
        }
        StoredConnection connection = row.decode();
        decodes.increment();
        if (decoded.size() >= capacity) {
            decoded.clear();
        }
        decoded.put(row.id(), new Decoded(row, connection));
        return connection;
    }

    /** How many rows were decoded (not reused) since this cache was made; a test's window on it. */
    long decodes() {
        return decodes.sum();
    }

    /** How many connections are kept now; a test's window on the bound. */
    int size() {
        return decoded.size();
    }

    @Override
    public String toString() {
        return "DecodedConnections[" + decoded.size() + " of " + capacity + "]";
    }

    private record Decoded(StoredRow row, StoredConnection connection) {}

    /**
     * A connection's row as read, its settings still JSON text. Equal rows decode to equal connections.
     *
     * @param groups the sharing groups, or null when the row is not shared with groups
     */
    record StoredRow(
            String id,
            String organizationId,
            String ownerId,
            String name,
            String providerId,
            String authMethod,
            String properties,
            String advanced,
            Map<String, EncryptedSecret> encryptedSecrets,
            Instant createdAt,
            Instant updatedAt,
            long version,
            String sharingMode,
            @Nullable Set<String> groups) {
        StoredRow {
            requireNonNull(id, "id is null");
            requireNonNull(properties, "properties is null");
            requireNonNull(advanced, "advanced is null");
            requireNonNull(encryptedSecrets, "encryptedSecrets is null");
        }

        StoredConnection decode() {
            return new StoredConnection(
                    id,
                    organizationId,
                    ownerId,
                    name,
                    providerId,
                    authMethod,
                    JdbcConnectionStore.parse(properties),
                    encryptedSecrets,
                    JdbcConnectionStore.parse(advanced),
                    createdAt,
                    updatedAt,
                    version,
                    new Sharing(Sharing.Mode.valueOf(sharingMode), groups == null ? Set.of() : groups));
        }

        @Override
        public String toString() {
            // Only what names the row: the settings may be long and the ciphertexts are noise in a log.
            return "StoredRow[id=" + id + ", version=" + version + ", secrets=" + encryptedSecrets.keySet() + "]";
        }
    }
}
