package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ConnectionStoreTest extends ConnectionStoreContract {
    @TempDir
    Path directory;

    private final List<ConnectionStore> opened = new ArrayList<>();

    @Override
    ConnectionStore store() {
        return open();
    }

    @Override
    ConnectionStore secondInstance() {
        // An embedded store belongs to one application instance: its second "instance" is a second pool.
        return open();
    }

    private ConnectionStore open() {
        ConnectionStore store = ConnectionStore.embedded(directory);
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(ConnectionStore::close);
    }

    @Test
    void anUnchangedConnectionReadForUseIsDecodedOnceAndAChangedOneAgain() {
        JdbcConnectionStore store = JdbcConnectionStore.h2(directory);
        opened.add(store);
        StoredConnection connection = connection("org", "decoded-once");
        store.insert(connection);

        for (int read = 0; read < 5; read++) {
            assertThat(store.findForUser(connection.id(), "alice").orElseThrow().connection())
                    .isEqualTo(connection);
        }
        assertThat(store.decodedReads()).isEqualTo(1);

        store.updateRow(connection.nextVersion(connection.updatedAt()), 1);

        assertThat(store.findForUser(connection.id(), "alice").orElseThrow().connection())
                .isEqualTo(connection.nextVersion(connection.updatedAt()));
        assertThat(store.decodedReads()).isEqualTo(2);
    }

    @Test
    void keepsConnectionsAcrossARestart() {
        StoredConnection connection = connection("org", "durable");
        try (ConnectionStore first = ConnectionStore.embedded(directory)) {
            first.insert(connection);
        }
        try (ConnectionStore second = ConnectionStore.embedded(directory)) {
            assertThat(second.find(connection.id())).contains(connection);
        }
    }
}
