package com.carto.connections.query;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code :name} parameters into bound positional {@code ?} parameters, or into the warehouse's own
 * {@code @name} ones where it has them. The scan follows the dialect's {@link LexicalRules} to know where SQL text is
 * not code — string literals, quoted identifiers, comments, dollar quotes — and leaves {@code ::} casts alone, so a
 * colon there is never taken for a parameter.
 *
 * <p>A colon right after a letter, digit or underscore is not a parameter either, so array slices such as
 * {@code a[lo:hi]} keep working.
 */
final class NamedParameters {
    /**
     * The SQL with {@code ?} (or {@code @name}) in place of each reference, the value of each {@code ?} in order, and
     * the values bound by name when the rules keep names.
     */
    record Translation(String sql, List<Object> parameters, Map<String, Object> named) {}

    private final String sql;
    private final LexicalRules rules;
    private final Map<String, Object> values;
    // Set when rewriting the ? marks of positional SQL instead of resolving names: the values of the marks in order.
    private final @Nullable List<@Nullable Object> positional;
    private final @Nullable Function<@Nullable Object, String> placeholder;
    private final StringBuilder out;
    private final List<Object> parameters = new ArrayList<>();
    // Set when only listing the references: none is resolved, and none fails for being unbound.
    private final boolean listing;
    private final Set<String> used = new LinkedHashSet<>();
    private int position;

    private NamedParameters(
            String sql,
            LexicalRules rules,
            Map<String, Object> values,
            @Nullable List<@Nullable Object> positional,
            @Nullable Function<@Nullable Object, String> placeholder,
            boolean listing) {
        this.sql = sql;
        this.listing = listing;
        this.rules = rules;
        this.values = values;
        this.positional = positional;
        this.placeholder = placeholder;
        this.out = new StringBuilder(sql.length());
    }

    /**
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} when a reference is not bound, a bound
     *     name is never referenced, or the SQL also holds a positional {@code ?}
     */
    static Translation translate(String sql, LexicalRules rules, Map<String, Object> values) {
        return new NamedParameters(sql, rules, values, null, null, false).run();
    }

    /** The names the SQL references as parameters under these rules, in order of first reference. */
    static Set<String> references(String sql, LexicalRules rules) {
        NamedParameters scan = new NamedParameters(sql, rules, Map.of(), null, null, true);
        scan.run();
        return Collections.unmodifiableSet(scan.used);
    }

    /**
     * Positional SQL with each {@code ?} mark, found by the same lexical rules, written as {@code placeholder} gives it
     * for that mark's value. {@code ??}, which JDBC drivers of the PostgreSQL family read as a literal question mark,
     * is not a mark.
     *
     * @throws ConnectionException {@link ErrorCategory#INVALID_CONFIGURATION} when the SQL holds another number of
     *     marks than there are values
     */
    static String placeholders(
            String sql,
            LexicalRules rules,
            List<@Nullable Object> values,
            Function<@Nullable Object, String> placeholder) {
        return new NamedParameters(sql, rules, Map.of(), values, placeholder, false)
                .run()
                .sql();
    }

    private Translation run() {
        boolean backslashes = rules.has(LexicalRules.Feature.BACKSLASH_ESCAPES);
        while (position < sql.length()) {
            char current = sql.charAt(position);
            if ((current == '\'' || (current == '"' && rules.has(LexicalRules.Feature.DOUBLE_QUOTED_STRINGS)))
                    && rules.has(LexicalRules.Feature.TRIPLE_QUOTED_STRINGS)
                    && startsWith(String.valueOf(current).repeat(3))) {
                copyTripleQuoted(current, backslashes);
            } else if (current == '\'' && isAlternativeQuote()) {
                copyAlternativeQuoted();
            } else if (current == '\'') {
                copyQuoted('\'', backslashes || isEscapeStringPrefix());
            } else if (current == '"') {
                copyQuoted('"', backslashes && rules.has(LexicalRules.Feature.DOUBLE_QUOTED_STRINGS));
            } else if (current == '`' && rules.has(LexicalRules.Feature.BACKTICK_IDENTIFIERS)) {
                copyQuoted('`', backslashes);
            } else if (startsWith("--")
                    || (current == '#' && rules.has(LexicalRules.Feature.HASH_COMMENTS))
                    || (startsWith("//") && rules.has(LexicalRules.Feature.DOUBLE_SLASH_COMMENTS))) {
                copyLineComment();
            } else if (startsWith("/*")) {
                copyBlockComment();
            } else if (current == '$'
                    && rules.has(LexicalRules.Feature.DOLLAR_QUOTES)
                    && dollarTag().isPresent()) {
                copyDollarQuoted(dollarTag().get());
            } else if (positional != null && placeholder != null) {
                copyPositional(positional, placeholder);
            } else if (startsWith("::")) {
                copy(2);
            } else if (current == ':' && isParameterStart()) {
                replaceParameter();
            } else if (startsWith("@@") && rules.has(LexicalRules.Feature.AT_NAMED_PARAMETERS)) {
                copy(2);
            } else if (current == '@' && rules.has(LexicalRules.Feature.AT_NAMED_PARAMETERS) && isParameterStart()) {
                replaceParameter();
            } else if (current == '?' && !listing) {
                throw invalid("the SQL mixes a positional ? with named parameters; bind every value by name");
            } else {
                copy(1);
            }
        }
        if (positional != null && parameters.size() != positional.size()) {
            throw invalid("the SQL holds " + parameters.size() + " ? parameter marks but " + positional.size()
                    + " parameters are bound");
        }
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw invalid("parameter " + name + " is bound but the SQL never references :" + name);
            }
        }
        if (rules.has(LexicalRules.Feature.AT_NAMED_PARAMETERS)) {
            return new Translation(out.toString(), List.of(), values);
        }
        return new Translation(out.toString(), nullSafe(parameters), Map.of());
    }

    private boolean isEscapeStringPrefix() {
        return rules.has(LexicalRules.Feature.ESCAPE_STRING_PREFIX)
                && position > 0
                && (sql.charAt(position - 1) == 'E' || sql.charAt(position - 1) == 'e')
                && (position < 2 || !isIdentifierPart(sql.charAt(position - 2)));
    }

    /** {@code q'} or {@code nq'} (any case) where a token starts, with a delimiter after the quote. */
    private boolean isAlternativeQuote() {
        if (!rules.has(LexicalRules.Feature.Q_QUOTED_STRINGS)
                || position < 1
                || Character.toLowerCase(sql.charAt(position - 1)) != 'q'
                || position + 1 >= sql.length()
                || Character.isWhitespace(sql.charAt(position + 1))) {
            return false;
        }
        int before = position - 2;
        if (before >= 0 && Character.toLowerCase(sql.charAt(before)) == 'n') {
            before--;
        }
        return before < 0 || !isIdentifierPart(sql.charAt(before));
    }

    private void copyAlternativeQuoted() {
        char open = sql.charAt(position + 1);
        char close = switch (open) {
            case '[' -> ']';
            case '{' -> '}';
            case '<' -> '>';
            case '(' -> ')';
            default -> open;
        };
        int end = sql.indexOf(close + "'", position + 2);
        copyTo(end < 0 ? sql.length() : end + 2);
    }

    private boolean isParameterStart() {
        boolean afterIdentifier = position > 0 && isIdentifierPart(sql.charAt(position - 1));
        return !afterIdentifier && position + 1 < sql.length() && isIdentifierStart(sql.charAt(position + 1));
    }

    private void replaceParameter() {
        int start = position + 1;
        int end = start;
        while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
            end++;
        }
        String name = sql.substring(start, end);
        if (listing) {
            used.add(name);
            copyTo(end);
            return;
        }
        if (!values.containsKey(name)) {
            throw invalid("parameter " + sql.charAt(position) + name + " is not bound; bind it with param(\"" + name
                    + "\", value)");
        }
        used.add(name);
        if (rules.has(LexicalRules.Feature.AT_NAMED_PARAMETERS)) {
            out.append('@').append(name);
        } else {
            parameters.add(values.get(name));
            out.append('?');
        }
        position = end;
    }

    /** Outside literals and comments of positional SQL: a mark becomes its placeholder, anything else is copied. */
    private void copyPositional(List<@Nullable Object> marked, Function<@Nullable Object, String> write) {
        if (startsWith("??")) {
            copy(2);
        } else if (sql.charAt(position) == '?') {
            int mark = parameters.size();
            @Nullable Object value = mark < marked.size() ? marked.get(mark) : null;
            parameters.add(value);
            out.append(write.apply(value));
            position++;
        } else {
            copy(1);
        }
    }

    private void copyTripleQuoted(char quote, boolean backslashEscapes) {
        String delimiter = String.valueOf(quote).repeat(3);
        int end = position + 3;
        while (end < sql.length() && !sql.startsWith(delimiter, end)) {
            end += backslashEscapes && sql.charAt(end) == '\\' ? 2 : 1;
        }
        copyTo(end + 3);
    }

    private void copyQuoted(char quote, boolean backslashEscapes) {
        int end = position + 1;
        while (end < sql.length()) {
            char current = sql.charAt(end);
            if (backslashEscapes && current == '\\') {
                end += 2;
            } else if (current == quote) {
                if (end + 1 < sql.length() && sql.charAt(end + 1) == quote) {
                    end += 2;
                } else {
                    end++;
                    break;
                }
            } else {
                end++;
            }
        }
        copyTo(end);
    }

    private void copyLineComment() {
        int end = sql.indexOf('\n', position);
        copyTo(end < 0 ? sql.length() : end + 1);
    }

    private void copyBlockComment() {
        if (!rules.has(LexicalRules.Feature.NESTED_BLOCK_COMMENTS)) {
            int close = sql.indexOf("*/", position + 2);
            copyTo(close < 0 ? sql.length() : close + 2);
            return;
        }
        int depth = 0;
        int end = position;
        while (end < sql.length()) {
            if (sql.startsWith("/*", end)) {
                depth++;
                end += 2;
            } else if (sql.startsWith("*/", end)) {
                depth--;
                end += 2;
                if (depth == 0) {
                    break;
                }
            } else {
                end++;
            }
        }
        copyTo(end);
    }

    private Optional<String> dollarTag() {
        if (position > 0 && isIdentifierPart(sql.charAt(position - 1))) {
            return Optional.empty();
        }
        int end = position + 1;
        if (end < sql.length() && Character.isDigit(sql.charAt(end))) {
            return Optional.empty(); // $1 is a positional parameter, not a quote
        }
        while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
            end++;
        }
        if (end < sql.length() && sql.charAt(end) == '$') {
            return Optional.of(sql.substring(position, end + 1));
        }
        return Optional.empty();
    }

    private void copyDollarQuoted(String tag) {
        int close = sql.indexOf(tag, position + tag.length());
        copyTo(close < 0 ? sql.length() : close + tag.length());
    }

    private boolean startsWith(String prefix) {
        return sql.startsWith(prefix, position);
    }

    private void copy(int count) {
        copyTo(Math.min(position + count, sql.length()));
    }

    private void copyTo(int end) {
        int bounded = Math.min(end, sql.length());
        out.append(sql, position, bounded);
        position = bounded;
    }

    private static boolean isIdentifierStart(char character) {
        return Character.isLetter(character) || character == '_';
    }

    private static boolean isIdentifierPart(char character) {
        return Character.isLetterOrDigit(character) || character == '_';
    }

    private static List<Object> nullSafe(List<Object> parameters) {
        // List.copyOf rejects nulls, and SQL NULL is a legitimate value.
        return Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    private static ConnectionException invalid(String message) {
        return new ConnectionException(ErrorCategory.INVALID_CONFIGURATION, message);
    }
}
