package com.carto.connections.testing;

/**
 * A PostgreSQL cluster of one test class's own, which the class may crash and start again without disturbing the
 * shared {@link PostgresFixture}. It listens on 127.0.0.1, on the same port across restarts, with the same superuser
 * and password. Close it to stop the server and delete its files.
 */
public final class RestartablePostgres implements AutoCloseable {
    private final PostgresFixture.Cluster cluster;
    private final Thread stopAtExit;
    private boolean closed;

    private RestartablePostgres(PostgresFixture.Cluster cluster) {
        this.cluster = cluster;
        // Backstop for a class that never closes it: a forgotten postmaster would outlive the build.
        this.stopAtExit = new Thread(cluster::stop, "restartable-postgres-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Creates and starts a fresh cluster (initdb, then start), which takes a few seconds. */
    public static RestartablePostgres start() {
        return new RestartablePostgres(PostgresFixture.Cluster.start());
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return cluster.port();
    }

    public String superuser() {
        return PostgresFixture.SUPERUSER;
    }

    public String superuserPassword() {
        return cluster.password();
    }

    /** {@code pg_ctl stop -m immediate}: the postmaster and every backend die at once, as in a crash. */
    public void crash() {
        cluster.crash();
    }

    /** Starts the crashed server again (crash recovery included); returns once it accepts connections. */
    public void startAgain() {
        cluster.startAgain();
    }

    /** Runs SQL as the superuser, as {@link PostgresFixture#psql} does. */
    public String psql(String database, String sql) {
        PostgresFixture.Result result = cluster.psql(superuser(), superuserPassword(), database, sql);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("psql failed on database " + database + " (exit " + result.exitCode()
                    + "): " + result.stderr().strip());
        }
        return result.stdout().stripTrailing();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
        cluster.stop();
    }

    @Override
    public String toString() {
        return "RestartablePostgres[127.0.0.1:" + port() + "]";
    }
}
