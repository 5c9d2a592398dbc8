package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class H2GrantsTest extends GrantsContract {
    @Override
    ConnectionStore newStore() {
        try {
            return ConnectionStore.embedded(Files.createTempDirectory("grants"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
