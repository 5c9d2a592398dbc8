package com.carto.connections.oracle;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client's unpacked wallet: a private directory that lives as long as the client's pool and is deleted with it. */
final class OracleWallet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OracleWallet.class);

    private final Path directory;

    OracleWallet(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        delete(directory);
    }

    /** Deletes a directory and its files; what cannot be deleted is logged by name and left for the next start. */
    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            LOG.warn(
                    "Could not list the wallet directory {} to delete it ({})",
                    directory,
                    e.getClass().getName());
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("Could not delete {} ({})", path, e.getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return "OracleWallet[" + directory + "]";
    }
}
