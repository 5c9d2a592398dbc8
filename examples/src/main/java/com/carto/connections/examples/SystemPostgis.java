package com.carto.connections.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway cluster of the machine's own PostgreSQL, the Debian layout ({@code /usr/lib/postgresql/N/bin},
 * {@code /usr/share/postgresql/N/extension}), in a temporary directory that is deleted when it stops.
 */
final class SystemPostgis implements DemoWarehouse {
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final String ADMIN = "postgres";

    /** A PostgreSQL major version whose server tools and PostGIS extension are both installed. */
    record Installation(String version, Path bin) {}

    private final Installation installation;
    private final Path directory;
    private final List<String> runAs;
    private final int port;
    private final String serverVersion;
    private final Thread stopAtExit;

    private SystemPostgis(
            Installation installation, Path directory, List<String> runAs, int port, String serverVersion) {
        this.installation = installation;
        this.directory = directory;
        this.runAs = runAs;
        this.port = port;
        this.serverVersion = serverVersion;
        // A quickstart stopped with Ctrl-C must not leave a server running in the background.
        this.stopAtExit = new Thread(this::stopServer, "stop-demo-postgres");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** The newest installed PostgreSQL that has PostGIS beside it. */
    static Optional<Installation> find() {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(path -> new Installation(path.getFileName().toString(), path.resolve("bin")))
                    .filter(SystemPostgis::complete)
                    .max(Comparator.comparingInt(SystemPostgis::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean complete(Installation installation) {
        return Files.isExecutable(installation.bin().resolve("initdb"))
                && Files.isExecutable(installation.bin().resolve("pg_ctl"))
                && Files.exists(
                        Path.of("/usr/share/postgresql", installation.version(), "extension", "postgis.control"));
    }

    private static int majorVersion(Installation installation) {
        return installation.version().matches("\\d+") ? Integer.parseInt(installation.version()) : -1;
    }

    static SystemPostgis start(Installation installation, String user, String password) throws SQLException {
        List<String> runAs = runAsNonRoot();
        Path directory = createDirectory();
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String adminPassword = HexFormat.of().formatHex(secret);
        try {
            initdb(installation, directory, runAs, adminPassword);
            int port = freeLoopbackPort();
            configure(directory, port);
            run(
                    runAs,
                    List.of(
                            installation.bin().resolve("pg_ctl").toString(),
                            "start",
                            "-w",
                            "-t",
                            "60",
                            "-D",
                            directory.resolve("data").toString(),
                            "-l",
                            directory.resolve("server.log").toString()));
            try (Connection admin = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres", ADMIN, adminPassword)) {
                DemoWarehouse.createRole(admin, user, password, true);
                String serverVersion = admin.getMetaData().getDatabaseProductVersion();
                return new SystemPostgis(installation, directory, runAs, port, serverVersion);
            }
        } catch (SQLException | RuntimeException e) {
            stopServer(installation, directory, runAs);
            deleteRecursively(directory);
            throw e;
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("carto-quickstart-postgres");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for the cluster: " + e.getMessage(), e);
        }
    }

    /**
     * initdb and postgres refuse to run as root. As root they run in a new user namespace, where they are not root
     * yet still own what they create; where namespaces are not allowed, the caller falls back to the embedded server.
     */
    private static List<String> runAsNonRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        List<String> unshare = List.of("unshare", "-U");
        String uid = run(unshare, List.of("id", "-u")).strip();
        if (uid.equals("0")) {
            throw new IllegalStateException("running as root, and `unshare -U` still runs commands as root");
        }
        return unshare;
    }

    private static void initdb(Installation installation, Path directory, List<String> runAs, String adminPassword) {
        Path passwordFile = directory.resolve("admin-password");
        write(passwordFile, adminPassword + "\n");
        try {
            run(
                    runAs,
                    List.of(
                            installation.bin().resolve("initdb").toString(),
                            "-D",
                            directory.resolve("data").toString(),
                            "-U",
                            ADMIN,
                            "--pwfile=" + passwordFile,
                            "-A",
                            "scram-sha-256",
                            "-E",
                            "UTF8",
                            "--locale=C",
                            "--no-sync"));
        } finally {
            passwordFile.toFile().delete();
        }
    }

    private static void configure(Path directory, int port) {
        Path data = directory.resolve("data");
        // Only loopback TCP, always with a password, as a real warehouse would ask.
        write(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\n");
        String settings = String.join(
                "\n",
                "",
                "# carto-connections quickstart: a throwaway cluster",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + directory.toString().replace("'", "''") + "'",
                "fsync = off",
                "");
        try {
            Files.writeString(
                    data.resolve("postgresql.conf"),
                    settings,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean hasPostgis() {
        return true;
    }

    @Override
    public String description() {
        return "PostgreSQL " + serverVersion + " from " + installation.bin().getParent() + " with PostGIS";
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException alreadyExiting) {
            return; // the hook is stopping the server
        }
        stopServer();
    }

    private void stopServer() {
        stopServer(installation, directory, runAs);
        deleteRecursively(directory);
    }

    private static void stopServer(Installation installation, Path directory, List<String> runAs) {
        Path data = directory.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run(
                    runAs,
                    List.of(
                            installation.bin().resolve("pg_ctl").toString(),
                            "stop",
                            "-w",
                            "-m",
                            "fast",
                            "-D",
                            data.toString()));
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end and returns what it printed; a failure says what it printed. */
    private static String run(List<String> runAs, List<String> command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within 90 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed with exit "
                        + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover in the temporary directory is harmless; the server is already stopped.
        }
    }
}
