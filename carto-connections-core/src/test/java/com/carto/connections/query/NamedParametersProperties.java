package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * SQL assembled from fragments whose translation is known: parameter references become {@code ?}, every other
 * fragment (literals, quoted identifiers, comments, dollar quotes, casts — each stuffed with colons, question marks
 * and quote characters) must come out byte for byte.
 */
class NamedParametersProperties {
    private static final List<String> NAMES = List.of("zone", "a", "_b1", "Area");

    /** One piece of SQL: its text, what the translation must turn it into, and the parameter it references. */
    record Fragment(String text, String expected, String parameter) {
        static Fragment verbatim(String text) {
            return new Fragment(text, text, null);
        }
    }

    @Property(tries = 500)
    void translatesOnlyReferencesOutsideQuotesAndComments(@ForAll("statements") List<Fragment> fragments) {
        Query translated = translate(fragments, LexicalRules.POSTGRESQL);
        assertThat(translated.parameters()).isEqualTo(expectedParameters(fragments));
    }

    @Property(tries = 500)
    void translatesOnlyGoogleSqlReferencesOutsideQuotesAndComments(
            @ForAll("googleSqlStatements") List<Fragment> fragments) {
        Query translated = translate(fragments, LexicalRules.GOOGLE_SQL);
        assertThat(translated.parameters()).isEmpty();
        assertThat(translated.namedParameters().keySet())
                .containsExactlyInAnyOrderElementsOf(fragments.stream()
                        .map(Fragment::parameter)
                        .filter(name -> name != null)
                        .distinct()
                        .toList());
    }

    private static List<Object> expectedParameters(List<Fragment> fragments) {
        List<Object> expected = new ArrayList<>();
        for (Fragment fragment : fragments) {
            if (fragment.parameter() != null) {
                expected.add("value of " + fragment.parameter());
            }
        }
        return expected;
    }

    private static Query translate(List<Fragment> fragments, LexicalRules rules) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Fragment fragment : fragments) {
            if (fragment.parameter() != null) {
                values.put(fragment.parameter(), "value of " + fragment.parameter());
            }
        }
        String sql = fragments.stream().map(Fragment::text).collect(Collectors.joining(" "));
        Query query = Query.sql("select " + sql);
        for (Map.Entry<String, Object> value : values.entrySet()) {
            query = query.param(value.getKey(), value.getValue());
        }
        Query translated = query.resolve(rules);
        assertThat(translated.sql())
                .isEqualTo(
                        "select " + fragments.stream().map(Fragment::expected).collect(Collectors.joining(" ")));
        return translated;
    }

    @Provide
    Arbitrary<List<Fragment>> statements() {
        return Arbitraries.oneOf(
                        reference(),
                        reference(),
                        stringLiteral(),
                        escapeString(),
                        quotedIdentifier('"'),
                        lineComment(),
                        blockComment(),
                        dollarQuoted(),
                        cast(),
                        plain())
                .list()
                .ofMinSize(1)
                .ofMaxSize(12)
                .filter(fragments -> fragments.stream().anyMatch(fragment -> fragment.parameter() != null));
    }

    @Provide
    Arbitrary<List<Fragment>> googleSqlStatements() {
        return Arbitraries.oneOf(
                        reference(),
                        atReference(),
                        backslashQuoted('\''),
                        backslashQuoted('"'),
                        backslashQuoted('`'),
                        tripleQuoted("'''"),
                        tripleQuoted("\"\"\""),
                        lineComment(),
                        hashComment(),
                        flatBlockComment(),
                        Arbitraries.of("@@dataset_id", "@@project_id").map(Fragment::verbatim),
                        plain())
                .list()
                .ofMinSize(1)
                .ofMaxSize(12)
                .filter(fragments -> fragments.stream().anyMatch(fragment -> fragment.parameter() != null))
                .map(NamedParametersProperties::asGoogleSql);
    }

    /** On GoogleSQL every reference, {@code :name} or {@code @name}, comes out as {@code @name}. */
    private static List<Fragment> asGoogleSql(List<Fragment> fragments) {
        return fragments.stream()
                .map(fragment -> fragment.parameter() == null
                        ? fragment
                        : new Fragment(fragment.text(), "@" + fragment.parameter(), fragment.parameter()))
                .toList();
    }

    private static Arbitrary<Fragment> atReference() {
        return Arbitraries.of(NAMES).map(name -> new Fragment("@" + name, "@" + name, name));
    }

    private static Arbitrary<Fragment> backslashQuoted(char quote) {
        String single = String.valueOf(quote);
        return hostileText()
                .map(text ->
                        Fragment.verbatim(single + text.replace("\\", "\\\\").replace(single, "\\" + single) + single));
    }

    private static Arbitrary<Fragment> tripleQuoted(String delimiter) {
        return hostileText()
                .map(text -> text.replace("\\", "\\\\").replace(delimiter.substring(0, 1), "\\" + delimiter.charAt(0)))
                .map(text -> Fragment.verbatim(delimiter + text + " " + delimiter));
    }

    private static Arbitrary<Fragment> hashComment() {
        return hostileText().map(text -> Fragment.verbatim("#" + text.replace("\n", " ") + "\n"));
    }

    private static Arbitrary<Fragment> flatBlockComment() {
        return hostileText().map(text -> Fragment.verbatim("/*" + text.replace("*/", "* /") + "/* */"));
    }

    private static Arbitrary<String> hostileText() {
        return Arbitraries.strings().withChars(":?'\"`$\\-/*;é€ \tab1_").ofMaxLength(20);
    }

    private static Arbitrary<Fragment> reference() {
        return Arbitraries.of(NAMES).map(name -> new Fragment(":" + name, "?", name));
    }

    private static Arbitrary<Fragment> stringLiteral() {
        return hostileText().map(text -> Fragment.verbatim("'" + text.replace("'", "''") + "'"));
    }

    private static Arbitrary<Fragment> escapeString() {
        return hostileText()
                .map(text -> Fragment.verbatim("E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"));
    }

    private static Arbitrary<Fragment> quotedIdentifier(char quote) {
        String single = String.valueOf(quote);
        return hostileText().map(text -> Fragment.verbatim(single + text.replace(single, single + single) + single));
    }

    private static Arbitrary<Fragment> lineComment() {
        return hostileText().map(text -> Fragment.verbatim("--" + text + "\n"));
    }

    private static Arbitrary<Fragment> blockComment() {
        Arbitrary<String> body = hostileText().map(text -> text.replace("*", "").replace("/", ""));
        return Combinators.combine(body, body, Arbitraries.of(true, false))
                .as((outer, inner, nested) ->
                        Fragment.verbatim("/*" + outer + (nested ? "/* " + inner + " */" : "") + inner + "*/"));
    }

    private static Arbitrary<Fragment> dollarQuoted() {
        Arbitrary<String> tag = Arbitraries.of("", "q", "tag_1");
        return Combinators.combine(tag, hostileText().map(text -> text.replace("$", "")))
                .as((name, text) -> Fragment.verbatim("$" + name + "$" + text + "$" + name + "$"));
    }

    private static Arbitrary<Fragment> cast() {
        return Arbitraries.of("x::text", "'1'::int", "(a)::numeric(10, 2)", "arr[lo:hi]", "f(a := 1)")
                .map(Fragment::verbatim);
    }

    private static Arbitrary<Fragment> plain() {
        return Arbitraries.of("select", "1", "=", ",", "(", ")", "from t", "where")
                .map(Fragment::verbatim);
    }
}
