package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class H2GrantKeysTest extends GrantKeysContract {
    @Override
    ConnectionStore newStore() {
        try {
            return ConnectionStore.embedded(Files.createTempDirectory("grant-keys"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
