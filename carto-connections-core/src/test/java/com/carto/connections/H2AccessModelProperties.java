package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class H2AccessModelProperties extends AccessModelProperties {
    @Override
    ConnectionStore store() {
        try {
            return ConnectionStore.embedded(Files.createTempDirectory("access-model"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
