package com.carto.connections.store;

import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresConnectionStoreTest extends ConnectionStoreContract {
    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    private final List<HikariDataSource> pools = new ArrayList<>();
    private String database;

    @BeforeEach
    void createDatabase() {
        database = POSTGRES.createDatabase("store", false);
    }

    @Override
    ConnectionStore store() {
        return ConnectionStore.postgres(pool());
    }

    @Override
    ConnectionStore secondInstance() {
        return ConnectionStore.postgres(pool());
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(POSTGRES.jdbcUrl(database));
        config.setUsername(POSTGRES.superuser());
        config.setPassword(POSTGRES.superuserPassword());
        config.setMaximumPoolSize(8);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }
}
