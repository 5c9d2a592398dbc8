package com.carto.connections.store;

import static java.util.Objects.requireNonNull;

import com.carto.connections.grants.Grant;
import java.util.List;
import java.util.Optional;

/**
 * A grant and the signing keys that are not retired, read together
 * ({@link ConnectionStore#findGrantAndActiveSigningKeys}).
 *
 * @param grant the grant, if it exists
 * @param signingKeys the signing keys that are not retired, oldest first
 */
public record GrantAndSigningKeys(Optional<Grant> grant, List<StoredSigningKey> signingKeys) {
    public GrantAndSigningKeys {
        requireNonNull(grant, "grant is null");
        signingKeys = List.copyOf(requireNonNull(signingKeys, "signingKeys is null"));
    }
}
