package com.carto.connections.redshift;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.carto.connections.testing.PostgresFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Redshift stand-in of this module's tests: the shared PostgreSQL 15 + PostGIS cluster, reached by the real
 * Redshift driver through {@link RedshiftStartupProxy}, as an md5 role (the driver cannot do SCRAM) without TLS
 * (the cluster has none), with stand-ins for Redshift's {@code svv_all_*} catalog views. One database and one proxy
 * per test JVM; the proxy lives as long as the JVM.
 */
final class RedshiftStandIn {
    static final String PASSWORD = "stand-in-password";

    private static final PostgresFixture POSTGRES = PostgresFixture.shared();

    // Guarded by the class lock.
    private static RedshiftStartupProxy proxy;
    private static String database;
    private static String role;

    private RedshiftStandIn() {}

    static PostgresFixture postgres() {
        return POSTGRES;
    }

    static synchronized RedshiftStartupProxy proxy() {
        if (proxy == null) {
            proxy = RedshiftStartupProxy.to(POSTGRES.host(), POSTGRES.port());
        }
        return proxy;
    }

    static synchronized String database() {
        if (database == null) {
            role = POSTGRES.createRole("redshift", PASSWORD);
            database = createDatabase("redshift", true);
            POSTGRES.psql(
                    database,
                    "grant all on database " + database + " to " + role + "; grant all on schema public to " + role);
        }
        return database;
    }

    /**
     * A new database of the stand-in cluster, with Redshift's catalog views, its signature of
     * {@code ST_GeomFromEWKB} (with PostGIS), and its string literals: a backslash escapes in every string, as in
     * PostgreSQL 8.0, from which Redshift forked.
     */
    static String createDatabase(String prefix, boolean withPostgis) {
        String name = POSTGRES.createDatabase(prefix, withPostgis);
        POSTGRES.psql(name, resource("/redshift-catalog-views.sql"));
        if (withPostgis) {
            POSTGRES.psql(name, resource("/redshift-spatial-functions.sql"));
        }
        POSTGRES.psql(
                "postgres",
                "alter database \"" + name + "\" set standard_conforming_strings = off;" + " alter database \"" + name
                        + "\" set escape_string_warning = off");
        return name;
    }

    private static String resource(String path) {
        try (InputStream sql = RedshiftStandIn.class.getResourceAsStream(path)) {
            return new String(Objects.requireNonNull(sql, path).readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized String role() {
        database();
        return role;
    }

    /** The {@code password} auth method's properties that log in to the stand-in through the proxy. */
    static Map<String, Object> passwordProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("host", proxy().host());
        properties.put("port", proxy().port());
        properties.put("database", database());
        properties.put("username", role());
        properties.put("password", PASSWORD);
        properties.put("sslMode", "disable");
        return properties;
    }

    /** A provider whose driver knows PostGIS's geometry and geography oids, as Redshift's knows its own. */
    static RedshiftProvider provider() {
        return new RedshiftProvider(new PostgisTypesDriver());
    }
}
