package com.carto.connections.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EmbeddedStoreInUseTest}: opens the embedded store, says so, and keeps it open until
 * its standard input closes.
 */
public final class StoreHolder {
    static final String OPEN = "open";

    private StoreHolder() {}

    public static void main(String[] arguments) throws IOException {
        try (ConnectionStore store = ConnectionStore.embedded(Path.of(arguments[0]))) {
            store.find("any");
            System.out.println(OPEN);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Holding the store until the parent closes the pipe.
            }
        }
    }
}
