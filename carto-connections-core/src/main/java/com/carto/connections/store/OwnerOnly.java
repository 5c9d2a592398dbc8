package com.carto.connections.store;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the embedded store's directory {@code rwx------} and its files {@code rw-------} where the file system has
 * POSIX permissions: the files hold ciphertexts, owners and settings that other local users have no business reading.
 */
final class OwnerOnly {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates the directory owner-only, or tightens an existing one, with every file already in it. */
    static void directory(Path directory) {
        try {
            if (!posix(directory)) {
                Files.createDirectories(directory);
                return;
            }
            if (Files.notExists(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            tighten(directory, DIRECTORY);
            files(directory);
        } catch (IOException e) {
            throw new ConnectionException(
                    ErrorCategory.INVALID_CONFIGURATION,
                    "the embedded store directory " + directory.toAbsolutePath() + " cannot be created: " + e,
                    e);
        }
    }

    /** Tightens every file in the directory, such as those the database created after it opened. */
    static void files(Path directory) throws IOException {
        if (!posix(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    tighten(file, FILE);
                }
            }
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void tighten(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path).equals(permissions)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (FileSystemException e) {
            // Another user owns it, or the database removed a file of its own meanwhile: leave it as it is rather
            // than refuse to open a store the caller was allowed to open.
            return;
        }
    }
}
