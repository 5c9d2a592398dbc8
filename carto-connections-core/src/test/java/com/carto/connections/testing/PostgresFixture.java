package com.carto.connections.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL cluster with PostGIS, run from the system binaries, shared by all tests of a JVM.
 *
 * <pre>
 * &#64;RegisterExtension static final PostgresFixture POSTGRES = PostgresFixture.shared();
 * </pre>
 *
 * or {@code @ExtendWith(PostgresFixture.class)}. Every accessor starts the cluster lazily, so the fixture also works
 * from static initializers and without the extension. It is stopped when the test run ends, or at JVM exit at the latest.
 * The cluster listens on 127.0.0.1 only and authenticates with md5 passwords. SQL goes through {@code psql}, because
 * this module knows no JDBC driver.
 */
public final class PostgresFixture implements BeforeAllCallback {
    private static final String HOST = "127.0.0.1";
    static final String SUPERUSER = "carto_admin";
    private static final long TIMEOUT_SECONDS = 120;

    private static final PostgresFixture SHARED = new PostgresFixture();
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresFixture.class);
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String INSTALL_HINT = "Run ./bin/test, which installs PostgreSQL 15 with PostGIS "
            + "(postgresql-15, postgresql-15-postgis-3), or set PG_BIN to a bin directory holding initdb, pg_ctl and psql.";

    // Guarded by the class lock.
    private static Cluster cluster;
    private static RuntimeException startFailure;
    private static boolean shutdownHookAdded;

    /** JUnit instantiates it for {@code @ExtendWith}; all instances share the one cluster. */
    private PostgresFixture() {}

    public static PostgresFixture shared() {
        return SHARED;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster();
        // The root store is closed when the whole test run ends, so the cluster outlives every test class.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Stopper.class, key -> new Stopper(), Stopper.class);
    }

    public String host() {
        cluster();
        return HOST;
    }

    public int port() {
        return cluster().port();
    }

    public String superuser() {
        cluster();
        return SUPERUSER;
    }

    public String superuserPassword() {
        return cluster().password();
    }

    /**
     * Creates a fresh database (unique name with the prefix) owned by the superuser; withPostgis → CREATE EXTENSION postgis.
     * Returns the name.
     */
    public String createDatabase(String prefix, boolean withPostgis) {
        String name = uniqueName(prefix);
        psql("postgres", "CREATE DATABASE \"" + name + "\" OWNER \"" + SUPERUSER + "\"");
        if (withPostgis) {
            psql(name, "CREATE EXTENSION postgis");
        }
        return name;
    }

    /** Creates a LOGIN role with the password (stored as md5), returns its name. */
    public String createRole(String prefix, String password) {
        String name = uniqueName(prefix);
        psql("postgres", "CREATE ROLE \"" + name + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        return name;
    }

    /**
     * Runs the SQL as the superuser and returns psql's unaligned, tuples-only output ({@code -At}), trailing whitespace removed.
     * The SQL is fed to psql's standard input, so several statements run one after another, each in its own transaction.
     *
     * @throws IllegalStateException with psql's error output when a statement fails
     */
    public String psql(String database, String sql) {
        Result result = psqlAs(SUPERUSER, superuserPassword(), database, sql);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("psql failed on database " + database + " (exit " + result.exitCode()
                    + "): " + result.stderr().strip());
        }
        return result.stdout().stripTrailing();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    /** Runs psql as any user, without throwing, so that tests can look at rejected logins. */
    Result psqlAs(String user, String password, String database, String sql) {
        return cluster().psql(user, password, database, sql);
    }

    static String uniqueName(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must match " + PREFIX + " but was " + prefix);
        }
        return prefix + "_" + NAMES.incrementAndGet();
    }

    static synchronized Cluster cluster() {
        if (startFailure != null) {
            throw new IllegalStateException(
                    "The PostgreSQL test cluster failed to start earlier: " + startFailure.getMessage(), startFailure);
        }
        if (cluster == null) {
            try {
                cluster = Cluster.start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            if (!shutdownHookAdded) {
                // Backstop for runs that never close the root store: a forgotten postmaster would outlive the build.
                Runtime.getRuntime().addShutdownHook(new Thread(PostgresFixture::stop, "postgres-fixture-stop"));
                shutdownHookAdded = true;
            }
        }
        return cluster;
    }

    static synchronized void stop() {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }

    /** Stops the cluster when JUnit closes the root store (JUnit closes stored {@link AutoCloseable}s since 5.13). */
    private static final class Stopper implements AutoCloseable {
        @Override
        public void close() {
            stop();
        }
    }

    /** A started cluster: its binaries, its directory (data, socket, log) and how it is reached. */
    record Cluster(Path bin, Path baseDir, Launcher launcher, int port, String password) {

        static Cluster start() {
            Path bin = binDirectory();
            Path baseDir = createTempDirectory();
            Launcher launcher = Launcher.DIRECT;
            try {
                launcher = Launcher.detect(baseDir);
                byte[] secret = new byte[12];
                new SecureRandom().nextBytes(secret);
                String password = HexFormat.of().formatHex(secret);
                initdb(bin, baseDir, launcher, password);
                Cluster cluster = startOnFreePort(bin, baseDir, launcher, password);
                cluster.requirePostgis();
                return cluster;
            } catch (RuntimeException e) {
                // A server that started (or timed out starting) must not outlive the failure.
                stopServer(bin, baseDir, launcher);
                deleteRecursively(baseDir);
                throw e;
            }
        }

        private static void initdb(Path bin, Path baseDir, Launcher launcher, String password) {
            Path pwfile = baseDir.resolve("pwfile");
            write(pwfile, password + "\n");
            launcher.chown(pwfile);
            launcher.run(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    baseDir.resolve("data").toString(),
                    "--no-sync",
                    "-A",
                    "md5",
                    "-U",
                    SUPERUSER,
                    "--pwfile=" + pwfile,
                    "-E",
                    "UTF8",
                    "--locale=C"));
            delete(pwfile);
            Path data = baseDir.resolve("data");
            // Only TCP from loopback, always with a password: the tests exercise real password logins.
            write(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 md5\n");
            String settings = String.join(
                    "\n",
                    "listen_addresses = '127.0.0.1'",
                    // The default socket directory (/var/run/postgresql) may not be writable; keep the socket private.
                    "unix_socket_directories = '" + baseDir.toString().replace("'", "''") + "'",
                    // Durability is useless for a throwaway cluster and costs startup and test time.
                    "fsync = off",
                    "full_page_writes = off",
                    "synchronous_commit = off",
                    // md5 rather than scram: the Redshift driver, also tested against this cluster, needs md5.
                    "password_encryption = md5",
                    // Connection pools keep idle connections open; many test classes with pools exceed the default 100.
                    "max_connections = 300",
                    "");
            append(data.resolve("postgresql.conf"), "\n# PostgresFixture\n" + settings);
        }

        private static Cluster startOnFreePort(Path bin, Path baseDir, Launcher launcher, String password) {
            IllegalStateException failure = null;
            // The port is free when chosen but could be taken before the server binds it; a second try settles that.
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freeLoopbackPort();
                try {
                    startServer(bin, baseDir, launcher, port);
                    return new Cluster(bin, baseDir, launcher, port, password);
                } catch (IllegalStateException e) {
                    failure = e;
                }
            }
            throw new IllegalStateException(
                    failure.getMessage() + "\nServer log:\n" + read(baseDir.resolve("server.log")), failure);
        }

        /** psql's {@code -w}: never prompt for a password on the developer's terminal, fail instead. */
        Result psql(String user, String password, String database, String sql) {
            List<String> command = List.of(
                    bin.resolve("psql").toString(),
                    "-X",
                    "-q",
                    "-A",
                    "-t",
                    "-w",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-h",
                    HOST,
                    "-p",
                    Integer.toString(port),
                    "-U",
                    user,
                    "-d",
                    database,
                    "-f",
                    "-");
            return exec(
                    command,
                    sql,
                    Map.of("PGPASSWORD", password, "PGCLIENTENCODING", "UTF8", "PGCONNECT_TIMEOUT", "10"));
        }

        private void requirePostgis() {
            Result available = psql(
                    SUPERUSER,
                    password,
                    "postgres",
                    "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'");
            if (available.exitCode() != 0) {
                throw new IllegalStateException("The PostgreSQL test cluster started but rejects psql: "
                        + available.stderr().strip());
            }
            if (!available.stdout().strip().equals("1")) {
                throw new IllegalStateException(
                        "PostGIS is not installed for the PostgreSQL in " + bin + ". " + INSTALL_HINT);
            }
        }

        void stop() {
            stopServer(bin, baseDir, launcher);
            deleteRecursively(baseDir);
        }

        /** Kills the server as a crash would ({@code pg_ctl stop -m immediate}): no checkpoint, clients are dropped. */
        void crash() {
            launcher.run(List.of(
                    bin.resolve("pg_ctl").toString(),
                    "stop",
                    "-w",
                    "-m",
                    "immediate",
                    "-D",
                    baseDir.resolve("data").toString()));
        }

        /** Starts the stopped server again on the same port and data directory; returns once it accepts connections. */
        void startAgain() {
            startServer(bin, baseDir, launcher, port);
        }

        private static void startServer(Path bin, Path baseDir, Launcher launcher, int port) {
            launcher.run(List.of(
                    bin.resolve("pg_ctl").toString(),
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    baseDir.resolve("data").toString(),
                    "-l",
                    baseDir.resolve("server.log").toString(),
                    "-o",
                    "-p " + port));
        }

        private static void stopServer(Path bin, Path baseDir, Launcher launcher) {
            Path data = baseDir.resolve("data");
            if (!Files.exists(data.resolve("postmaster.pid"))) {
                return;
            }
            try {
                launcher.run(List.of(
                        bin.resolve("pg_ctl").toString(), "stop", "-w", "-m", "immediate", "-D", data.toString()));
            } catch (RuntimeException e) {
                System.err.println("PostgresFixture: could not stop the cluster in " + data + ": " + e.getMessage());
            }
        }
    }

    /**
     * How the commands that own the cluster (initdb, pg_ctl) are run. initdb and postgres refuse to run as root, and builds
     * run as root, so as root they run in a fresh user namespace (where they are not root, yet still own the files they
     * create) or, where user namespaces are blocked (e.g. Docker's seccomp profile), as the Debian {@code postgres} user.
     */
    record Launcher(String description, UnaryOperator<List<String>> wrap, Optional<String> owner) {
        static final Launcher DIRECT = new Launcher("directly", command -> command, Optional.empty());
        static final Launcher UNSHARE = new Launcher(
                "in a user namespace (unshare -U)",
                command -> concat(List.of("unshare", "-U"), command),
                Optional.empty());
        static final Launcher RUNUSER = new Launcher(
                "as postgres (runuser)",
                command -> concat(List.of("runuser", "-u", "postgres", "--"), command),
                Optional.of("postgres"));
        static final Launcher SU = new Launcher(
                "as postgres (su)",
                command -> List.of("su", "-s", "/bin/sh", "-c", shellQuote(command), "postgres"),
                Optional.of("postgres"));

        /** Picks the first way that runs a command as someone other than root; the directory gets the right owner. */
        static Launcher detect(Path baseDir) {
            if (!ownedByRoot(baseDir)) {
                return DIRECT;
            }
            for (Launcher candidate : List.of(UNSHARE, RUNUSER, SU)) {
                if (candidate.runsAsNonRoot()) {
                    candidate.chown(baseDir);
                    return candidate;
                }
            }
            throw new IllegalStateException(
                    "Running as root, and neither `unshare -U` nor `runuser`/`su` to the postgres user "
                            + "works here, but initdb refuses to run as root. Run the tests as a normal user, or allow user namespaces, "
                            + "or create the postgres user. " + INSTALL_HINT);
        }

        private boolean runsAsNonRoot() {
            try {
                Result result = exec(wrap.apply(List.of("id", "-u")), "", Map.of());
                return result.exitCode() == 0 && !result.stdout().strip().equals("0");
            } catch (RuntimeException e) {
                return false; // the tool is missing or not permitted
            }
        }

        void chown(Path path) {
            if (owner.isEmpty()) {
                return;
            }
            try {
                UserPrincipal user =
                        path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner.get());
                Files.setOwner(path, user);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot hand " + path + " to " + owner.get(), e);
            }
        }

        void run(List<String> command) {
            Result result = exec(wrap.apply(command), "", Map.of());
            if (result.exitCode() != 0) {
                throw new IllegalStateException(command.get(0) + " (run " + description + ") failed with exit "
                        + result.exitCode() + ":\n" + result.stdout().strip() + "\n"
                        + result.stderr().strip());
            }
        }
    }

    /** What a finished process printed. */
    record Result(int exitCode, String stdout, String stderr) {}

    /** Runs a command with stdin fed from a string. Output goes to files, so a daemonized child can never block the read. */
    static Result exec(List<String> command, String stdin, Map<String, String> environment) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("carto-pg-", ".out");
            err = Files.createTempFile("carto-pg-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(new File(System.getProperty("java.io.tmpdir")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // A developer's PGHOST, PGSSLMODE, PGPASSWORD... must not leak into the fixture's connections.
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            builder.environment().put("LC_ALL", "C");
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (OutputStream input = process.getOutputStream()) {
                input.write(stdin.getBytes(UTF_8));
            } catch (IOException e) {
                // The process exited without reading everything; its exit code and stderr tell why.
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "Timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        } finally {
            Stream.of(out, err).filter(Objects::nonNull).forEach(PostgresFixture::delete);
        }
    }

    static Path binDirectory() {
        String override = System.getenv("PG_BIN");
        if (override != null && !override.isBlank()) {
            Path bin = Path.of(override);
            if (!hasServerBinaries(bin)) {
                throw new IllegalStateException(
                        "PG_BIN=" + override + " holds no initdb, pg_ctl and psql. " + INSTALL_HINT);
            }
            return bin;
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Optional<Path> newest = versions.filter(
                                dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .map(dir -> dir.resolve("bin"))
                        .filter(PostgresFixture::hasServerBinaries)
                        .max(Comparator.comparingDouble(bin ->
                                Double.parseDouble(bin.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin. " + INSTALL_HINT);
    }

    private static boolean hasServerBinaries(Path bin) {
        return Stream.of("initdb", "pg_ctl", "psql").allMatch(tool -> Files.isExecutable(bin.resolve(tool)));
    }

    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    /** The owner of a file we just created is our effective user. */
    private static boolean ownedByRoot(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:uid")) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shellQuote(List<String> command) {
        return "exec "
                + command.stream()
                        .map(arg -> "'" + arg.replace("'", "'\\''") + "'")
                        .collect(Collectors.joining(" "));
    }

    private static List<String> concat(List<String> prefix, List<String> command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        return all;
    }

    private static Path createTempDirectory() {
        try {
            // Short name on purpose: the Unix socket path inside it must stay under ~100 bytes.
            return Files.createTempDirectory("carto-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Leftover temp files are harmless.
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(PostgresFixture::delete);
        } catch (IOException e) {
            // Already gone, or unreadable leftovers in the temp directory: nothing a test can do about it.
        }
    }
}
