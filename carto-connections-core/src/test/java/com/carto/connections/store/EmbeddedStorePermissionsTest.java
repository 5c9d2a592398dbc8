package com.carto.connections.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStorePermissionsTest {
    @TempDir
    Path parent;

    @BeforeEach
    void posixOnly() {
        assumeThat(parent.getFileSystem().supportedFileAttributeViews()).contains("posix");
    }

    @Test
    void createsTheStoreDirectoryAndItsFilesForTheOwnerOnly() throws Exception {
        Path directory = parent.resolve("store");

        try (ConnectionStore store = ConnectionStore.embedded(directory)) {
            store.insert(ConnectionStoreContract.connection("org", "private-files"));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .isEqualTo("rwx------");
        List<Path> files = files(directory);
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as(file.getFileName().toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void tightensAnExistingDirectoryAndFilesItOwns() throws Exception {
        Path directory = parent.resolve("store");
        try (ConnectionStore store = ConnectionStore.embedded(directory)) {
            store.insert(ConnectionStoreContract.connection("org", "loosened"));
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path file : files(directory)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        try (ConnectionStore store = ConnectionStore.embedded(directory)) {
            assertThat(store.list(ConnectionFilter.organization("org"), 10, java.util.Optional.empty()))
                    .hasSize(1);
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .isEqualTo("rwx------");
        for (Path file : files(directory)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as(file.getFileName().toString())
                    .isEqualTo("rw-------");
        }
    }

    private static List<Path> files(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
