package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class H2GrantModelProperties extends GrantModelProperties {
    @Override
    ConnectionStore store() {
        try {
            return ConnectionStore.embedded(Files.createTempDirectory("grant-model"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
