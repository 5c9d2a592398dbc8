package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2AccessDecisionTableTest extends AccessDecisionTableTest {
    @TempDir
    static Path directory;

    @Override
    ConnectionStore store() {
        return ConnectionStore.embedded(directory);
    }
}
