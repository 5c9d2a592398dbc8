package com.carto.connections;

import java.util.regex.Pattern;

/** Recognizes the placeholders forms show instead of a stored secret, so they are never stored as the secret. */
final class SecretMasks {
    private static final Pattern MASK =
            Pattern.compile("[*•●]{3,}|<redacted>|Secret\\[redacted]", Pattern.CASE_INSENSITIVE);

    private SecretMasks() {}

    static boolean isMask(String value) {
        return MASK.matcher(value.strip()).matches();
    }
}
