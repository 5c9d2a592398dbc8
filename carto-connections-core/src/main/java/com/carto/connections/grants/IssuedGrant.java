package com.carto.connections.grants;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;

/**
 * A grant just created, with its token: the only time the token is returned. Hand it to the public client (a map,
 * an embedded app); anyone who holds it may use the grant until it expires or is revoked.
 *
 * @param grant the stored grant
 * @param token the signed token (a compact JWS), redacted in {@code toString}
 */
public record IssuedGrant(Grant grant, Secret token) {
    public IssuedGrant {
        requireNonNull(grant, "grant is null");
        requireNonNull(token, "token is null");
    }
}
