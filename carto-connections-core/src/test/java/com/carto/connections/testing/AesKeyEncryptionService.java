package com.carto.connections.testing;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.secrets.KeyEncryptionService;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real key encryption service, as a KMS is: AES-256-GCM under its own random key encryption key, the nonce first.
 * Counts its unwraps, so a test can tell whether data keys were unwrapped again.
 */
public final class AesKeyEncryptionService implements KeyEncryptionService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AtomicInteger unwraps = new AtomicInteger();
    private final SecretKey keyEncryptionKey;

    public AesKeyEncryptionService() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        keyEncryptionKey = new SecretKeySpec(key, "AES");
    }

    /** How many times {@link #unwrap} was called. */
    public int unwraps() {
        return unwraps.get();
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] wrapped = Arrays.copyOf(nonce, nonce.length + sealed.length);
            System.arraycopy(sealed, 0, wrapped, nonce.length, sealed.length);
            return wrapped;
        } catch (GeneralSecurityException e) {
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "cannot wrap", e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey) {
        unwraps.incrementAndGet();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keyEncryptionKey, new GCMParameterSpec(128, wrappedKey, 0, 12));
            return cipher.doFinal(wrappedKey, 12, wrappedKey.length - 12);
        } catch (AEADBadTagException e) {
            throw new ConnectionException(
                    ErrorCategory.AUTHENTICATION, "the key was not wrapped under this key encryption key", e);
        } catch (GeneralSecurityException e) {
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "cannot unwrap", e);
        }
    }
}
