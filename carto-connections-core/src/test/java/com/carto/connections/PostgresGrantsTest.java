package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariDataSource;

class PostgresGrantsTest extends GrantsContract {
    private HikariDataSource pool;

    @Override
    ConnectionStore newStore() {
        pool = StorePools.postgres(PostgresFixture.shared(), "grants_store");
        return ConnectionStore.postgres(pool);
    }

    @Override
    void closeStore() {
        pool.close();
    }
}
