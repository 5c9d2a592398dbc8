package com.carto.connections;

import static java.util.Objects.requireNonNull;

import com.carto.connections.access.Dependent;
import com.carto.connections.access.InUseException;
import com.carto.connections.access.Principal;
import java.util.Optional;

/**
 * How {@link Connections#delete(Principal, String, DeleteOptions)} treats the connection's {@linkplain Dependent
 * dependents}: by default it refuses with an {@link InUseException} while there are any. Immutable.
 *
 * <pre>{@code
 * connections.delete(alice, id, DeleteOptions.version(c.version()).reassignTo(otherId));
 * }</pre>
 */
public final class DeleteOptions {
    private final long expectedVersion;
    private final Optional<String> reassignTo;
    private final boolean cascade;

    private DeleteOptions(long expectedVersion, Optional<String> reassignTo, boolean cascade) {
        this.expectedVersion = expectedVersion;
        this.reassignTo = reassignTo;
        this.cascade = cascade;
    }

    /** Deletes only while nothing depends on the connection, and only at the version the caller read. */
    public static DeleteOptions version(long expectedVersion) {
        return new DeleteOptions(expectedVersion, Optional.empty(), false);
    }

    /** Moves every dependent to this connection (same owner, same provider) in the same transaction as the delete. */
    public DeleteOptions reassignTo(String connectionId) {
        return new DeleteOptions(
                expectedVersion, Optional.of(requireNonNull(connectionId, "connectionId is null")), false);
    }

    /** Removes every dependent from the registry with the connection; they are reported to the listener. */
    public DeleteOptions cascade() {
        return new DeleteOptions(expectedVersion, Optional.empty(), true);
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public Optional<String> reassignTo() {
        return reassignTo;
    }

    public boolean cascades() {
        return cascade;
    }

    @Override
    public String toString() {
        return "DeleteOptions[version=" + expectedVersion
                + reassignTo.map(id -> ", reassignTo=" + id).orElse("") + (cascade ? ", cascade" : "") + "]";
    }
}
