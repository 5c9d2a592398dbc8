package com.carto.connections.grants;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;
import java.util.Optional;

/**
 * A public client's call with a token, as the host application received it.
 *
 * @param organizationId the organization whose endpoint was called (from the host's routing, never from the token):
 *     a token of another organization's grant is refused
 * @param token the token as the client sent it
 * @param referrer the call's web origin (the {@code Origin} header) when it has one; checked against the grant's
 *     advisory allowlist
 * @param source what to read
 */
public record TokenCall(String organizationId, Secret token, Optional<String> referrer, SourceRequest source) {
    public TokenCall {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(token, "token is null");
        requireNonNull(referrer, "referrer is null");
        requireNonNull(source, "source is null");
    }

    public static TokenCall of(String organizationId, Secret token, SourceRequest source) {
        return new TokenCall(organizationId, token, Optional.empty(), source);
    }

    /** This call coming from {@code origin}. */
    public TokenCall from(String origin) {
        return new TokenCall(organizationId, token, Optional.of(origin), source);
    }
}
