package com.carto.connections.bigquery;

import com.carto.connections.spi.ConnectionSettings;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The labels every job carries, so that a BigQuery bill or {@code INFORMATION_SCHEMA.JOBS} says which application,
 * connection and identity ran it. Values are made acceptable to BigQuery's label rules
 * (https://cloud.google.com/bigquery/docs/labels-intro#requirements): lowercased, every character other than a
 * lowercase or caseless (international) letter, a digit, {@code _} or {@code -} becomes {@code _}, and the value is
 * cut to 63 characters and 128 UTF-8 bytes (a bound the API reference has stated for labels). A job whose labels
 * BigQuery refused would not run at all, so the rules are applied here rather than left to fail.
 */
final class BigQueryJobLabels {
    static final int MAX_CHARACTERS = 63;
    static final int MAX_BYTES = 128;

    private BigQueryJobLabels() {}

    /**
     * {@code application}, {@code connection} (the connection id) and {@code user}: the identity the client acts as,
     * {@code owner} or {@code viewer:} and the viewer's user id. Keys are constants that follow the rules.
     */
    static Map<String, String> of(ConnectionSettings settings) {
        return Map.of(
                "application", "carto-connections",
                "connection", value(settings.connectionId()),
                "user", value(settings.identity()));
    }

    /** {@code text} as a label value BigQuery accepts; an empty text stays empty, which BigQuery allows. */
    static String value(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder value = new StringBuilder();
        int characters = 0;
        int bytes = 0;
        for (int index = 0; index < lower.length() && characters < MAX_CHARACTERS; ) {
            int codePoint = lower.codePointAt(index);
            index += Character.charCount(codePoint);
            int kept = allowed(codePoint) ? codePoint : '_';
            int size = new String(Character.toChars(kept)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_BYTES) {
                break;
            }
            value.appendCodePoint(kept);
            characters++;
            bytes += size;
        }
        return value.toString();
    }

    private static boolean allowed(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.LOWERCASE_LETTER
                || type == Character.OTHER_LETTER
                || type == Character.DECIMAL_DIGIT_NUMBER
                || codePoint == '_'
                || codePoint == '-';
    }
}
