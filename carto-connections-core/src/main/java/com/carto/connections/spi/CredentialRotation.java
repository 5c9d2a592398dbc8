package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;
import java.io.IOException;

/**
 * Where a client refreshes a credential that the warehouse may replace on use, such as an OAuth refresh token under
 * refresh-token rotation (RFC 6749 section 6 lets the authorization server issue a new refresh token with every
 * refresh and revoke the old one; RFC 9700 section 4.14.2 requires it, or sender-constrained tokens, for public
 * clients, and revokes the active token when a rotated-out one is presented again). The SDK gives each
 * client a rotation bound to the connection and identity the client was opened for
 * ({@link ProviderContext#rotation()}), so the client never needs to know either.
 *
 * <p>Through the SDK's rotation:
 * <ul>
 *   <li>at most one refresh runs at a time per connection and identity, across every client the SDK opened for
 *       them (a pool being replaced and its successor, a live check beside a pool);
 *   <li>a refresh starts from the newest value the SDK knows, which is not always the one the client holds: another
 *       client, or another application instance on the same store, may have rotated it since;
 *   <li>a replacement is stored encrypted like the secret it replaces, with a compare-and-set on the stored
 *       ciphertext: when the owner changed the connection or the viewer provided new credentials in the meantime,
 *       their change wins and the replacement is dropped. A rotation never changes the connection's version.
 * </ul>
 *
 * <p>A client calls {@link #refresh} from whatever thread needs a token; implementations are thread-safe.
 */
public interface CredentialRotation {
    /**
     * Refreshes with the value the client holds and keeps replacements nowhere but in the client: for clients opened
     * outside the SDK, such as a provider's own tests. This is what {@link ProviderContext#ProviderContext(
     * java.util.concurrent.ScheduledExecutorService, java.time.Clock)} gives.
     */
    CredentialRotation UNSAVED = new UnsavedRotation();

    /**
     * Runs one refresh of the credential whose secret property is {@code property}.
     *
     * @param property the secret property the refresh uses and the warehouse may replace, e.g. {@code refreshToken}
     * @param held the value the client holds now
     * @param refresh the refresh itself, given the value to use (the newest known, maybe not {@code held})
     * @return what the refresh returned; {@link Refreshed#secret()} is what the client should hold from now on
     * @throws IOException what the refresh threw, unchanged
     */
    <T> Refreshed<T> refresh(Property<Secret> property, Secret held, Refresh<T> refresh) throws IOException;

    /** One refresh against the warehouse's token endpoint. */
    @FunctionalInterface
    interface Refresh<T> {
        /**
         * Refreshes with {@code current} and returns the result with the secret's value after the refresh: the
         * replacement the endpoint issued, or {@code current} when it issued none.
         */
        Refreshed<T> refresh(Secret current) throws IOException;
    }

    /**
     * What a refresh produced.
     *
     * @param result what the client wanted, e.g. an access token; never printed
     * @param secret the secret's value after the refresh
     */
    record Refreshed<T>(T result, Secret secret) {
        public Refreshed {
            requireNonNull(result, "result is null");
            requireNonNull(secret, "secret is null");
        }

        @Override
        public String toString() {
            // The result is usually a token whose own toString prints it.
            return "Refreshed[secret=" + secret + "]";
        }
    }
}
