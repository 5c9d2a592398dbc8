package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;

class PostgresAccessModelProperties extends AccessModelProperties {
    @Override
    ConnectionStore store() {
        return ConnectionStore.postgres(StorePools.postgres(PostgresFixture.shared(), "model"));
    }
}
