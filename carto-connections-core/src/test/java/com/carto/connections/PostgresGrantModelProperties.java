package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;

class PostgresGrantModelProperties extends GrantModelProperties {
    @Override
    ConnectionStore store() {
        return ConnectionStore.postgres(StorePools.postgres(PostgresFixture.shared(), "grant_model"));
    }
}
