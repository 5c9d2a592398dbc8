package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresGrantKeysTest extends GrantKeysContract {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private HikariDataSource pool;

    @Override
    ConnectionStore newStore() {
        pool = StorePools.postgres(POSTGRES, "grant_keys_store");
        return ConnectionStore.postgres(pool);
    }

    @Override
    void closeStore() {
        pool.close();
    }
}
