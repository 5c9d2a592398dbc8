package com.carto.connections;

import com.carto.connections.testing.PostgresFixture;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** A pool on a fresh database of the PostgreSQL fixture, for facade tests on the PostgreSQL store. */
final class StorePools {
    private StorePools() {}

    static HikariDataSource postgres(PostgresFixture postgres, String prefix) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl(postgres.createDatabase(prefix, false)));
        config.setUsername(postgres.superuser());
        config.setPassword(postgres.superuserPassword());
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
