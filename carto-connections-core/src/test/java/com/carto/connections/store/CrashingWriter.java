package com.carto.connections.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Run in a child JVM by {@link EmbeddedStoreCrashTest}: updates one connection as fast as it can, printing each
 * version after it is committed, until it is killed. Every version writes fields that must agree with each other.
 */
public final class CrashingWriter {
    static final String ID = "crash-connection";
    static final String COMMITTED = "committed ";

    private CrashingWriter() {}

    public static void main(String[] arguments) {
        ConnectionStore store = ConnectionStore.embedded(Path.of(arguments[0]));
        StoredConnection current = store.find(ID).orElseGet(() -> {
            StoredConnection first = version(1);
            store.insert(first);
            return first;
        });
        while (true) {
            StoredConnection next = version(current.version() + 1);
            store.update(next, current.version());
            current = next;
            System.out.println(COMMITTED + current.version());
            System.out.flush();
        }
    }

    /** A connection whose every field says which version it is, so a torn write would show. */
    static StoredConnection version(long version) {
        Instant at = Instant.ofEpochSecond(version);
        return new StoredConnection(
                ID,
                "org",
                "owner",
                "crash-" + version,
                "postgres",
                "password",
                Map.of("counter", (int) version, "padding", "x".repeat((int) (version % 500))),
                Map.of(
                        "password",
                        new EncryptedSecret("k1", "ciphertext-" + version),
                        "token",
                        new EncryptedSecret("k1", "token-" + version)),
                Map.of("mirror", (int) version),
                at,
                at,
                version);
    }
}
