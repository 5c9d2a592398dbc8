package com.carto.connections.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential value: a password, a token, a private key.
 *
 * <p>{@code toString()} never shows any part of the value, not even its length; the only way to read it is
 * {@link #reveal()}, so every place that discloses a secret can be found with a search. Two secrets are equal
 * when their values are, compared in constant time. The class is deliberately not {@code Serializable}, and the
 * SDK's JSON never writes it. Instances are immutable and thread-safe.
 */
public final class Secret {
    private static final String REDACTED = "Secret[redacted]";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a value. The value must not be null; an empty value is allowed and is still a secret. */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value is null"));
    }

    /** Returns the value. Call it only where the value leaves the SDK: a driver property, a signature. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), secret.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        // A constant: a value-derived hash would leak information about the value through timing and maps.
        return 0x5ec7e7;
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
