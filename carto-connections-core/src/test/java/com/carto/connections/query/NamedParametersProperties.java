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
        Map<String, Object> values = new LinkedHashMap<>();
        List<Object> expectedParameters = new ArrayList<>();
        for (Fragment fragment : fragments) {
            if (fragment.parameter() != null) {
                values.put(fragment.parameter(), "value of " + fragment.parameter());
                expectedParameters.add("value of " + fragment.parameter());
            }
        }
        String sql = fragments.stream().map(Fragment::text).collect(Collectors.joining(" "));
        Query query = Query.sql("select " + sql);
        for (Map.Entry<String, Object> value : values.entrySet()) {
            query = query.param(value.getKey(), value.getValue());
        }
        Query translated = query.positional();
        assertThat(translated.sql())
                .isEqualTo(
                        "select " + fragments.stream().map(Fragment::expected).collect(Collectors.joining(" ")));
        assertThat(translated.parameters()).isEqualTo(values.isEmpty() ? query.parameters() : expectedParameters);
    }

    @Provide
    Arbitrary<List<Fragment>> statements() {
        return Arbitraries.oneOf(
                        reference(),
                        reference(),
                        stringLiteral(),
                        escapeString(),
                        quotedIdentifier('"'),
                        quotedIdentifier('`'),
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
