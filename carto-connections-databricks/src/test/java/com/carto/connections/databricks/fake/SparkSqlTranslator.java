package com.carto.connections.databricks.fake;

import com.carto.connections.testing.BitwiseAndOperator;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites the Databricks SQL the tests send into the SQL of the fake's embedded H2, token by token, following Spark
 * SQL's lexical rules (docs.databricks.com/sql/language-manual/sql-ref-literals.html): {@code '…'} and {@code "…"} are
 * both strings with backslash escapes, {@code `…`} identifiers (which H2 also reads) and comments pass through. A few
 * type names, the {@code range} table function and the spatial functions of {@link FakeFunctions} are renamed, and the
 * bitwise AND {@code name & integer} becomes H2's {@code BITAND} ({@link BitwiseAndOperator}); everything else reaches
 * H2 as written, so SQL the fake
 * does not know fails as the service would fail it: with a syntax or missing-object error.
 */
final class SparkSqlTranslator {
    /** Databricks type names and typed-literal prefixes as H2 spells them; TIMESTAMP is an instant in Databricks. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("string", "varchar"),
            Map.entry("timestamp", "timestamp with time zone"),
            Map.entry("timestamp_ntz", "timestamp"),
            Map.entry("timestamp_ltz", "timestamp with time zone"),
            Map.entry("range", "carto_range"),
            Map.entry("unhex", "carto_unhex"),
            Map.entry("st_point", "carto_st_point"),
            Map.entry("st_geomfromwkb", "carto_st_geomfromwkb"),
            Map.entry("st_asewkb", "carto_st_asewkb"),
            Map.entry("st_geomfromtext", "carto_st_geomfromtext"),
            Map.entry("st_intersects", "carto_st_intersects"),
            Map.entry("st_xmin", "carto_st_xmin"),
            Map.entry("st_xmax", "carto_st_xmax"),
            Map.entry("st_ymin", "carto_st_ymin"),
            Map.entry("st_ymax", "carto_st_ymax"),
            Map.entry("st_transform", "carto_st_transform"));

    private SparkSqlTranslator() {}

    static String toH2(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int index = 0;
        while (index < sql.length()) {
            char character = sql.charAt(index);
            if (character == '\'' || character == '"') {
                index = string(sql, index, character, out);
            } else if (character == '`') {
                int end = sql.indexOf('`', index + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == '`') {
                    end = sql.indexOf('`', end + 2);
                }
                end = end < 0 ? sql.length() : end + 1;
                out.append(sql, index, end);
                index = end;
            } else if (sql.startsWith("--", index)) {
                int end = sql.indexOf('\n', index);
                end = end < 0 ? sql.length() : end;
                out.append(sql, index, end);
                index = end;
            } else if (sql.startsWith("/*", index)) {
                int end = blockComment(sql, index);
                out.append(sql, index, end);
                index = end;
            } else if (character == '&' && sql.startsWith("&&", index)) {
                out.append("&&");
                index += 2;
            } else if (character == '&') {
                // Databricks' bitwise AND (functions/ampersandsign); H2 spells it BITAND.
                index = BitwiseAndOperator.rewrite(sql, index, out);
            } else if (Character.isLetter(character) || character == '_') {
                int end = index;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String word = sql.substring(index, end);
                out.append(WORDS.getOrDefault(word.toLowerCase(Locale.ROOT), word));
                index = end;
            } else {
                out.append(character);
                index++;
            }
        }
        return out.toString();
    }

    /** A Spark string, backslash escapes decoded, written as a standard one for H2. Returns the index after it. */
    private static int string(String sql, int start, char quote, StringBuilder out) {
        StringBuilder value = new StringBuilder();
        int index = start + 1;
        while (index < sql.length()) {
            char character = sql.charAt(index);
            if (character == '\\' && index + 1 < sql.length()) {
                char escaped = sql.charAt(index + 1);
                value.append(
                        switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case '0' -> '\0';
                            default -> escaped;
                        });
                index += 2;
            } else if (character == quote) {
                out.append('\'').append(value.toString().replace("'", "''")).append('\'');
                return index + 1;
            } else {
                value.append(character);
                index++;
            }
        }
        // Unterminated: left for H2 to refuse as a syntax error.
        out.append(sql, start, sql.length());
        return sql.length();
    }

    /** Bracketed comments nest in Spark SQL. */
    private static int blockComment(String sql, int start) {
        int depth = 0;
        int index = start;
        while (index < sql.length()) {
            if (sql.startsWith("/*", index)) {
                depth++;
                index += 2;
            } else if (sql.startsWith("*/", index)) {
                depth--;
                index += 2;
                if (depth == 0) {
                    return index;
                }
            } else {
                index++;
            }
        }
        return sql.length();
    }
}
