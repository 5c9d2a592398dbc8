package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a warehouse's SQL text is not code: which literals, quoted identifiers and comments it has. Named parameter
 * references ({@code :name}) are found by these rules ({@link Query#resolve(LexicalRules)}), so a colon inside a
 * literal or a comment of that dialect is never taken for a parameter. A provider's dialect says which rules its
 * warehouse follows ({@link com.carto.connections.spi.Dialect#lexicalRules()}).
 *
 * <p>Every dialect has {@code '…'} string literals with doubled quotes, {@code --} line comments, block comments
 * and {@code ::} casts left alone; the {@link Feature}s add the rest.
 *
 * @param features what this dialect adds to the common rules
 */
public record LexicalRules(Set<Feature> features) {
    /** The SQL standard's: {@code "…"} identifiers, block comments that do not nest, nothing more. */
    public static final LexicalRules STANDARD = of();

    /**
     * PostgreSQL's rules with {@code standard_conforming_strings} on (its default since 9.1): {@code "…"}
     * identifiers, {@code E'…'} strings with backslash escapes, nested block comments, dollar quotes.
     */
    public static final LexicalRules POSTGRESQL =
            of(Feature.ESCAPE_STRING_PREFIX, Feature.NESTED_BLOCK_COMMENTS, Feature.DOLLAR_QUOTES);

    /**
     * GoogleSQL's (BigQuery): {@code '…'} and {@code "…"} strings, triple-quoted ones, backslash escapes in every
     * literal and quoted identifier, {@code `…`} identifiers, {@code #} comments, block comments that do not nest,
     * and its own {@code @name} query parameters.
     */
    public static final LexicalRules GOOGLE_SQL = of(
            Feature.BACKSLASH_ESCAPES,
            Feature.DOUBLE_QUOTED_STRINGS,
            Feature.TRIPLE_QUOTED_STRINGS,
            Feature.BACKTICK_IDENTIFIERS,
            Feature.HASH_COMMENTS,
            Feature.AT_NAMED_PARAMETERS);

    /**
     * Snowflake's: {@code '…'} strings with backslash escapes (and doubled quotes), {@code $$…$$} strings,
     * {@code "…"} identifiers, {@code --} and {@code //} line comments, block comments that do not nest.
     */
    public static final LexicalRules SNOWFLAKE =
            of(Feature.BACKSLASH_ESCAPES, Feature.DOLLAR_QUOTES, Feature.DOUBLE_SLASH_COMMENTS);

    /** What a dialect adds to the common lexical rules. */
    public enum Feature {
        /** A backslash escapes the next character in every string literal, and in {@code `…`} identifiers. */
        BACKSLASH_ESCAPES,
        /** {@code E'…'} strings escape with a backslash; other strings do not (PostgreSQL). */
        ESCAPE_STRING_PREFIX,
        /** {@code "…"} is a string literal rather than a quoted identifier. */
        DOUBLE_QUOTED_STRINGS,
        /** {@code '''…'''} and {@code """…"""} strings, which may hold single quote characters. */
        TRIPLE_QUOTED_STRINGS,
        /** {@code `…`} quotes an identifier. */
        BACKTICK_IDENTIFIERS,
        /** {@code #} starts a comment to the end of the line. */
        HASH_COMMENTS,
        /** {@code //} starts a comment to the end of the line (Snowflake). */
        DOUBLE_SLASH_COMMENTS,
        /** Block comments nest: a comment opened inside a comment must be closed before the outer one. */
        NESTED_BLOCK_COMMENTS,
        /** {@code $tag$…$tag$} quotes a string ({@code $1} stays a positional parameter). */
        DOLLAR_QUOTES,
        /**
         * Oracle's alternative quoting: {@code q'[…]'}, {@code q'{…}'}, {@code q'<…>'}, {@code q'(…)'}, or
         * {@code q'X…X'} with any other delimiter X, also as {@code Q} and with an {@code N} prefix; the string ends only
         * at the closing delimiter followed by a quote, so it may hold single quotes.
         */
        Q_QUOTED_STRINGS,
        /**
         * {@code @name} is the warehouse's own named query parameter: it binds by name as {@code :name} does, and
         * {@code :name} references are written as {@code @name}. {@code @@name} (a system variable) is not one.
         */
        AT_NAMED_PARAMETERS
    }

    public LexicalRules {
        features = Set.copyOf(requireNonNull(features, "features is null"));
    }

    public static LexicalRules of(Feature... features) {
        EnumSet<Feature> set = EnumSet.noneOf(Feature.class);
        for (Feature feature : features) {
            set.add(requireNonNull(feature, "a feature is null"));
        }
        return new LexicalRules(set);
    }

    public boolean has(Feature feature) {
        return features.contains(feature);
    }
}
