package com.carto.connections.snowflake;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Snowflake SQL by Snowflake's lexical rules and rewrites what H2 spells differently, so the fake's engine runs
 * it: single-quoted strings with backslash escapes become standard strings
 * (https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants),
 * {@code $$…$$} strings stay (H2 has them), {@code //} comments become {@code --} ones
 * (https://docs.snowflake.com/en/sql-reference/sql-format-models — comments: {@code --}, {@code //}, block), and a
 * few words outside literals map to H2: type names, {@code TRANSIENT}, {@code GENERATOR}, {@code SEQ4/SEQ8},
 * {@code SYSTEM$WAIT}. A string left open is refused, as the service refuses it (001003).
 */
final class FakeSnowflakeSql {
    private static final Pattern GENERATOR = Pattern.compile(
            "table\\s*\\(\\s*generator\\s*\\(\\s*rowcount\\s*=>\\s*(\\d+)\\s*\\)\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEQUENCE = Pattern.compile("\\bseq[48]\\s*\\(\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRANSIENT =
            Pattern.compile("\\bcreate\\s+transient\\s+table\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TYPES = Pattern.compile(
            "\\b(timestamp_ntz|timestamp_tz|timestamp_ltz|number|system\\$wait)\\b", Pattern.CASE_INSENSITIVE);

    private FakeSnowflakeSql() {}

    /** @throws IllegalArgumentException when a literal or comment is left open */
    static String toH2(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        StringBuilder code = new StringBuilder();
        int position = 0;
        while (position < sql.length()) {
            char current = sql.charAt(position);
            if (current == '\'') {
                out.append(rewriteCode(code));
                position = singleQuoted(sql, position, out);
            } else if (current == '"') {
                int end = closing(sql, position + 1, "\"");
                code.append(sql, position, end);
                position = end;
            } else if (sql.startsWith("$$", position)) {
                int end = closing(sql, position + 2, "$$");
                out.append(rewriteCode(code)).append(sql, position, end);
                position = end;
            } else if (sql.startsWith("--", position) || sql.startsWith("//", position)) {
                int end = sql.indexOf('\n', position);
                end = end < 0 ? sql.length() : end;
                out.append(rewriteCode(code)).append("--").append(sql, position + 2, end);
                position = end;
            } else if (sql.startsWith("/*", position)) {
                int end = closing(sql, position + 2, "*/");
                out.append(rewriteCode(code)).append(sql, position, end);
                position = end;
            } else {
                code.append(current);
                position++;
            }
        }
        return out.append(rewriteCode(code)).toString();
    }

    private static int closing(String sql, int from, String delimiter) {
        int end = sql.indexOf(delimiter, from);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated " + delimiter);
        }
        return end + delimiter.length();
    }

    /** A Snowflake string: backslash escapes and doubled quotes; written out in H2's standard form. */
    private static int singleQuoted(String sql, int start, StringBuilder out) {
        StringBuilder value = new StringBuilder();
        int position = start + 1;
        while (position < sql.length()) {
            char current = sql.charAt(position);
            if (current == '\\' && position + 1 < sql.length()) {
                char escaped = sql.charAt(position + 1);
                value.append(
                        switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case '0' -> '\0';
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            default -> escaped;
                        });
                position += 2;
            } else if (current == '\'') {
                if (position + 1 < sql.length() && sql.charAt(position + 1) == '\'') {
                    value.append('\'');
                    position += 2;
                } else {
                    out.append('\'').append(value.toString().replace("'", "''")).append('\'');
                    return position + 1;
                }
            } else {
                value.append(current);
                position++;
            }
        }
        throw new IllegalArgumentException("unterminated string literal");
    }

    private static String rewriteCode(StringBuilder code) {
        String text = code.toString();
        code.setLength(0);
        Matcher generator = GENERATOR.matcher(text);
        StringBuilder rewritten = new StringBuilder();
        while (generator.find()) {
            long rows = Long.parseLong(generator.group(1));
            generator.appendReplacement(rewritten, "system_range(0, " + (rows - 1) + ")");
        }
        generator.appendTail(rewritten);
        text = SEQUENCE.matcher(rewritten).replaceAll("X");
        text = TRANSIENT.matcher(text).replaceAll("create table");
        Matcher types = TYPES.matcher(text);
        StringBuilder typed = new StringBuilder();
        while (types.find()) {
            String replacement = switch (types.group(1).toLowerCase(Locale.ROOT)) {
                case "timestamp_ntz" -> "timestamp";
                case "timestamp_tz", "timestamp_ltz" -> "timestamp with time zone";
                case "number" -> "numeric";
                default -> "system_wait";
            };
            types.appendReplacement(typed, Matcher.quoteReplacement(replacement));
        }
        types.appendTail(typed);
        return typed.toString();
    }
}
