package com.carto.connections;

import com.carto.connections.store.ConnectionStore;
import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAccessDecisionTableTest extends AccessDecisionTableTest {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private HikariDataSource pool;

    @Override
    ConnectionStore store() {
        pool = StorePools.postgres(POSTGRES, "access");
        return ConnectionStore.postgres(pool);
    }

    @AfterAll
    void closePool() {
        pool.close();
    }
}
