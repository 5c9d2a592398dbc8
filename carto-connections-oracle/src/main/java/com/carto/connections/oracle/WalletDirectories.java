package com.carto.connections.oracle;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.secrets.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where wallets are unpacked: one private directory per client under a base directory that only this user can
 * read, each deleted when its client closes. A directory whose process died without closing (a crash, a kill) is
 * deleted the first time a wallet is unpacked after a restart: each holds the pid and start time of its process.
 * Thread-safe.
 */
final class WalletDirectories {
    /** A wallet zip is a few kilobytes; its base64 text is refused past this. */
    static final int MAX_ENCODED_LENGTH = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(WalletDirectories.class);
    private static final String OWNER_FILE = "carto-owner";
    private static final Duration UNCLAIMED_GRACE = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 64;
    private static final long MAX_ENTRY_BYTES = 1 << 20;
    private static final long MAX_TOTAL_BYTES = 8L << 20;
    private static final Set<String> WALLET_FILES = Set.of("cwallet.sso", "ewallet.p12");
    private static final Pattern ALIAS_DEFINITION =
            Pattern.compile("^[ \\t]*([A-Za-z][A-Za-z0-9_.$#-]*)[ \\t]*=", Pattern.MULTILINE);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path base;
    private final AtomicBoolean cleaned = new AtomicBoolean();

    WalletDirectories(Path base) {
        this.base = requireNonNull(base, "base is null");
    }

    /** Under the system's temporary directory, one base per operating-system user. */
    static WalletDirectories inTemporaryDirectory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return new WalletDirectories(
                Path.of(System.getProperty("java.io.tmpdir"), "carto-connections-wallets-" + user));
    }

    Path base() {
        return base;
    }

    /**
     * Decodes and unpacks a wallet zip into a new private directory. Refused with {@code INVALID_CONFIGURATION} naming
     * {@code wallet} (or {@code tnsAlias}) when it is not base64 of a zip, holds paths that leave the directory, is
     * larger than a wallet can be, holds no wallet file, or lacks the alias.
     */
    OracleWallet unpack(Secret wallet, Optional<String> alias) {
        byte[] zip = decode(wallet);
        removeStale();
        Path directory = createPrivateDirectory();
        try {
            Set<String> names = extract(zip, directory);
            if (names.stream().noneMatch(WALLET_FILES::contains)) {
                throw invalid("wallet", "holds neither cwallet.sso nor ewallet.p12");
            }
            if (alias.isPresent()) {
                requireAlias(directory, names, alias.get());
            }
            return new OracleWallet(directory);
        } catch (RuntimeException e) {
            OracleWallet.delete(directory);
            throw e;
        }
    }

    private static byte[] decode(Secret wallet) {
        try {
            return Base64.getMimeDecoder().decode(wallet.reveal().strip());
        } catch (IllegalArgumentException e) {
            throw invalid("wallet", "must be the wallet zip file encoded as base64");
        }
    }

    private Path createPrivateDirectory() {
        try {
            Files.createDirectories(base, ownerOnly(true));
            Path directory = Files.createTempDirectory(base, "wallet-", ownerOnly(true));
            requirePrivateBase(directory);
            ProcessHandle self = ProcessHandle.current();
            String owner = self.pid() + " "
                    + self.info().startInstant().map(Object::toString).orElse("?");
            Files.writeString(
                    Files.createFile(directory.resolve(OWNER_FILE), ownerOnly(false)), owner, StandardCharsets.UTF_8);
            return directory;
        } catch (IOException e) {
            throw new ConnectionException(
                    ErrorCategory.UNAVAILABLE,
                    "Cannot create a private directory for the wallet under " + base + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The base is in a shared temporary directory, where another user could have created it first to read what is
     * unpacked into it: it must be this user's, closed to everyone else.
     */
    private void requirePrivateBase(Path ownDirectory) throws IOException {
        if (!POSIX) {
            return;
        }
        PosixFileAttributes attributes =
                Files.readAttributes(base, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean ours = attributes.owner().equals(Files.getOwner(ownDirectory));
        boolean closed = attributes.permissions().stream()
                .allMatch(permission -> permission.name().startsWith("OWNER_"));
        if (!ours || !closed || !attributes.isDirectory()) {
            OracleWallet.delete(ownDirectory);
            throw new ConnectionException(
                    ErrorCategory.UNAVAILABLE,
                    "The wallet directory " + base + " is not a directory of this user closed to others; remove it"
                            + " or point java.io.tmpdir elsewhere");
        }
    }

    /** Entries are taken by file name: wallet zips are flat, and a path that climbs out is refused. */
    private static Set<String> extract(byte[] zip, Path directory) {
        Set<String> names = new HashSet<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream input = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = input.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw invalid("wallet", "holds more than " + MAX_ENTRIES + " entries; a wallet holds a few files");
                }
                String path = entry.getName().replace('\\', '/');
                if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
                    throw invalid("wallet", "holds an entry whose path leaves the wallet directory");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (name.isEmpty() || name.equals(OWNER_FILE) || !names.add(name)) {
                    throw invalid("wallet", "holds two files of the same name, or a reserved name");
                }
                byte[] content = readBounded(input);
                total += content.length;
                if (total > MAX_TOTAL_BYTES) {
                    throw invalid("wallet", "unpacks to more than " + (MAX_TOTAL_BYTES >> 20) + " MiB");
                }
                Files.write(Files.createFile(directory.resolve(name), ownerOnly(false)), content);
            }
        } catch (ZipException e) {
            throw invalid("wallet", "is not a readable zip file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries == 0) {
            throw invalid("wallet", "is not a zip file (or an empty one)");
        }
        return names;
    }

    private static byte[] readBounded(InputStream input) throws IOException {
        byte[] content = input.readNBytes((int) MAX_ENTRY_BYTES + 1);
        if (content.length > MAX_ENTRY_BYTES) {
            throw invalid("wallet", "holds a file larger than " + (MAX_ENTRY_BYTES >> 20) + " MiB");
        }
        return content;
    }

    private static void requireAlias(Path directory, Set<String> names, String alias) {
        if (!names.contains("tnsnames.ora")) {
            throw invalid("tnsAlias", "needs a tnsnames.ora in the wallet, which has none");
        }
        String tnsNames;
        try {
            tnsNames = Files.readString(directory.resolve("tnsnames.ora"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> aliases = new ArrayList<>();
        Matcher matcher = ALIAS_DEFINITION.matcher(tnsNames);
        while (matcher.find()) {
            aliases.add(matcher.group(1));
        }
        String wanted = alias.toLowerCase(Locale.ROOT);
        if (aliases.stream().noneMatch(name -> name.toLowerCase(Locale.ROOT).equals(wanted))) {
            throw invalid("tnsAlias", "is not in the wallet's tnsnames.ora, which defines " + aliases);
        }
    }

    /** Deletes, once per instance, the directories of processes that are gone. */
    private void removeStale() {
        if (!cleaned.compareAndSet(false, true) || !Files.isDirectory(base)) {
            return;
        }
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(base, "wallet-*")) {
            for (Path directory : directories) {
                if (isStale(directory)) {
                    LOG.debug("Deleting the wallet directory {} left by a process that ended", directory);
                    OracleWallet.delete(directory);
                }
            }
        } catch (IOException e) {
            LOG.warn(
                    "Could not list {} to delete wallets left behind ({})",
                    base,
                    e.getClass().getName());
        }
    }

    private static boolean isStale(Path directory) {
        String owner;
        try {
            owner = Files.readString(directory.resolve(OWNER_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Unclaimed: its process died between creating and claiming it, or is doing so right now.
            try {
                return Files.getLastModifiedTime(directory)
                        .toInstant()
                        .isBefore(Instant.now().minus(UNCLAIMED_GRACE));
            } catch (IOException gone) {
                return false;
            }
        }
        String[] parts = owner.split(" ", 2);
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // A pid can be reused by a later process; the start time tells them apart.
        String started =
                process.get().info().startInstant().map(Object::toString).orElse("?");
        return parts.length == 2 && !parts[1].equals("?") && !started.equals("?") && !parts[1].equals(started);
    }

    private static FileAttribute<?>[] ownerOnly(boolean directory) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))
        };
    }

    private static InvalidConfigurationException invalid(String property, String message) {
        return new InvalidConfigurationException(List.of(new Problem(property, message)));
    }
}
