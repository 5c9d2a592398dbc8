package com.carto.connections.secrets;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;

/**
 * Wraps and unwraps the data keys of a {@link KeyRing} under a key encryption key the SDK never sees: a cloud KMS
 * key, an HSM key, a Vault transit key. This is envelope encryption: {@link KeyRing#wrapped} stores only wrapped
 * data keys on disk and calls {@link #unwrap} once per data key when the ring is opened, so the service is not on
 * the path of each secret and the SDK does nothing but call these two methods.
 *
 * <p>Implementations must be thread-safe, and must neither log nor keep the data keys they are given or return.
 * They report failures as a {@link ConnectionException}: {@link ErrorCategory#UNAVAILABLE} when the service cannot
 * be reached or is throttling (retrying later may help), {@link ErrorCategory#AUTHENTICATION} when it refuses the
 * caller's credentials or the wrapped key (another key encryption key, altered bytes). {@link KeyRing#wrapped}
 * passes these exceptions through unchanged.
 */
public interface KeyEncryptionService {
    /**
     * Encrypts a 32-byte data key under the key encryption key. The result is stored as-is in the wrapped key file
     * and must not contain the data key in clear; authenticated encryption (as every cloud KMS provides) is expected.
     */
    byte[] wrap(byte[] dataKey);

    /** Returns the data key that {@link #wrap} turned into {@code wrappedKey}. */
    byte[] unwrap(byte[] wrappedKey);
}
