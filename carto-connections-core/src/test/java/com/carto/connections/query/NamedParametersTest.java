package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NamedParametersTest {
    @Test
    void replacesEveryReferenceWithAPositionalParameterInOrder() {
        Query query = Query.sql("select * from parcels where zone = :zone and area > :area or zone = :zone")
                .param("zone", "R1")
                .param("area", 500)
                .resolve(LexicalRules.POSTGRESQL);
        assertThat(query.sql()).isEqualTo("select * from parcels where zone = ? and area > ? or zone = ?");
        assertThat(query.parameters()).containsExactly("R1", 500, "R1");
    }

    @Test
    void leavesColonsInLiteralsIdentifiersCommentsAndCastsAlone() {
        String sql = "select ':zone', E'\\':zone', \":zone\", x::text, $q$ :zone $q$, $$:zone$$ -- :zone\n"
                + "/* :zone /* :zone */ :zone */ from t where a = :zone";
        Query query = Query.sql(sql).param("zone", "R1").resolve(LexicalRules.POSTGRESQL);
        assertThat(query.sql()).isEqualTo(sql.substring(0, sql.length() - ":zone".length()) + "?");
        assertThat(query.parameters()).containsExactly("R1");
    }

    @Test
    void treatsAColonAfterAnIdentifierAsAnArraySlice() {
        Query query = Query.sql("select arr[lo:hi], arr[1:n] from t where k = :k")
                .param("k", 1)
                .resolve(LexicalRules.POSTGRESQL);
        assertThat(query.sql()).isEqualTo("select arr[lo:hi], arr[1:n] from t where k = ?");
    }

    @Test
    void bindsNullByName() {
        assertThat(Query.sql("select :v")
                        .param("v", null)
                        .resolve(LexicalRules.POSTGRESQL)
                        .parameters())
                .isEqualTo(Arrays.asList((Object) null));
    }

    @Test
    void rejectsAnUnboundReferenceNamingIt() {
        assertThatThrownBy(() ->
                        Query.sql("select :zone, :area").param("zone", "R1").resolve(LexicalRules.POSTGRESQL))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining(":area");
    }

    @Test
    void rejectsABoundNameTheSqlNeverReferences() {
        assertThatThrownBy(() -> Query.sql("select ':zone'").param("zone", "R1").resolve(LexicalRules.POSTGRESQL))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("zone");
    }

    @Test
    void rejectsAPositionalMarkBesideNamedParameters() {
        assertThatThrownBy(
                        () -> Query.sql("select ?, :zone").param("zone", "R1").resolve(LexicalRules.POSTGRESQL))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("?");
    }

    @Test
    void rejectsMixingPositionalAndNamedBindings() {
        assertThatThrownBy(() -> Query.sql("select ?").param(1).param("a", 2))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> Query.sql("select :a").param("a", 2).param(1))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void rejectsANameThatIsNotAnIdentifierOrIsBoundTwice() {
        assertThatThrownBy(() -> Query.sql("select 1").param("1a", 2))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> Query.sql("select :a").param("a", 1).param("a", 2))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void leavesColonsAndAtsInGoogleSqlLiteralsIdentifiersAndCommentsAlone() {
        String text =
                "select 'it\\'s :zone @zone', \"say \\\":zone\\\" @zone\", '''a ' :zone''', \"\"\"b \" @zone\"\"\","
                        + " r'\\' :zone', `col\\`:zone`, @@dataset_id # :zone @zone\n-- :zone\n/* :zone /* @zone */ from t"
                        + " where a = ";
        Query query =
                Query.sql(text + ":zone and b = @zone").param("zone", "R1").resolve(LexicalRules.GOOGLE_SQL);
        assertThat(query.sql()).isEqualTo(text + "@zone and b = @zone");
        assertThat(query.parameters()).isEmpty();
        assertThat(query.namedParameters()).containsExactly(entry("zone", "R1"));
    }

    @Test
    void bindsGoogleSqlReferencesByNameWhateverTheirSpelling() {
        Query query = Query.sql("select :zone, @area, :area")
                .param("zone", "R1")
                .param("area", 500)
                .resolve(LexicalRules.GOOGLE_SQL);
        assertThat(query.sql()).isEqualTo("select @zone, @area, @area");
        assertThat(query.namedParameters()).containsExactly(entry("zone", "R1"), entry("area", 500));
    }

    @Test
    void rejectsAnUnboundAtReferenceNamingIt() {
        assertThatThrownBy(
                        () -> Query.sql("select @zone, :area").param("area", 1).resolve(LexicalRules.GOOGLE_SQL))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("@zone");
    }

    @Test
    void treatsAtAsTextWhereTheDialectHasNoAtParameters() {
        Query query = Query.sql("select @zone, :zone").param("zone", "R1").resolve(LexicalRules.POSTGRESQL);
        assertThat(query.sql()).isEqualTo("select @zone, ?");
    }

    @Test
    void nestsBlockCommentsOnlyWhereTheDialectDoes() {
        String sql = "select /* a /* b */ :zone */ :zone";
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.POSTGRESQL)
                        .sql())
                .isEqualTo("select /* a /* b */ :zone */ ?");
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.GOOGLE_SQL)
                        .sql())
                .isEqualTo("select /* a /* b */ @zone */ @zone");
    }

    @Test
    void escapesWithBackslashesInEveryStringOnlyWhereTheDialectDoes() {
        // With backslash escapes the literal is 'a\'' and the reference follows it; without, '' continues the
        // literal, which swallows the reference.
        String sql = "select 'a\\'', :zone";
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.of(LexicalRules.Feature.BACKSLASH_ESCAPES))
                        .sql())
                .isEqualTo("select 'a\\'', ?");
        assertThatThrownBy(() -> Query.sql(sql).param("zone", 1).resolve(LexicalRules.POSTGRESQL))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("never references :zone");
    }

    @Test
    void quotesWithDollarsOnlyWhereTheDialectDoes() {
        String sql = "select $q$ :zone $q$";
        assertThat(Query.sql(sql + ", :zone")
                        .param("zone", 1)
                        .resolve(LexicalRules.POSTGRESQL)
                        .parameters())
                .hasSize(1);
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.STANDARD)
                        .sql())
                .isEqualTo("select $q$ ? $q$");
    }

    @Test
    void readsOracleQQuotesOnlyWhereTheDialectDoes() {
        LexicalRules oracle = LexicalRules.of(LexicalRules.Feature.Q_QUOTED_STRINGS);
        String sql = "select q'[it's :zone]', Q'{:zone}', nq'<:zone>', q'!:zone!', q'x:zonex', :zone";
        assertThat(Query.sql(sql).param("zone", 1).resolve(oracle).sql())
                .isEqualTo("select q'[it's :zone]', Q'{:zone}', nq'<:zone>', q'!:zone!', q'x:zonex', ?");
        // Without the feature, q'[it' is a string and the rest is read as code.
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.STANDARD)
                        .parameters())
                .hasSizeGreaterThan(1);
    }

    @Test
    void takesAQBeforeAQuoteAsAPrefixOnlyWhereATokenStarts() {
        LexicalRules oracle = LexicalRules.of(LexicalRules.Feature.Q_QUOTED_STRINGS);
        // "seq'" is an identifier followed by an ordinary string, so the ']' ... does not end anything special.
        assertThat(Query.sql("select seq'[', :zone")
                        .param("zone", 1)
                        .resolve(oracle)
                        .sql())
                .isEqualTo("select seq'[', ?");
    }

    @Test
    void takesHashForACommentOnlyWhereTheDialectDoes() {
        String sql = "select 1 # :zone\n, :zone";
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.GOOGLE_SQL)
                        .sql())
                .isEqualTo("select 1 # :zone\n, @zone");
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.POSTGRESQL)
                        .sql())
                .isEqualTo("select 1 # ?\n, ?");
    }

    @Test
    void takesDoubleSlashForACommentOnlyWhereTheDialectDoes() {
        String sql = "select 1 // :zone\n, :zone";
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.SNOWFLAKE)
                        .sql())
                .isEqualTo("select 1 // :zone\n, ?");
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.POSTGRESQL)
                        .sql())
                .isEqualTo("select 1 // ?\n, ?");
    }

    @Test
    void readsSnowflakeStringsWithBackslashEscapesAndDoubleDollars() {
        String sql = "select 'it\\'s :zone', $$ it's :zone $$, :zone";
        assertThat(Query.sql(sql)
                        .param("zone", 1)
                        .resolve(LexicalRules.SNOWFLAKE)
                        .sql())
                .isEqualTo("select 'it\\'s :zone', $$ it's :zone $$, ?");
    }

    @Test
    void keepsAPositionalQueryAsItIs() {
        Query query = Query.sql("select ?, ':x'").param(1);
        assertThat(query.resolve(LexicalRules.POSTGRESQL)).isSameAs(query);
    }

    @Test
    void writesTheDialectsPlaceholderForEachPositionalMarkOutsideLiteralsAndComments() {
        Query query = Query.sql("select '?', \"?\", ? as a, ?? as b, ? as c -- ?\n/* ? */")
                .params(1, "geometry")
                .withPlaceholders(LexicalRules.POSTGRESQL, value -> value instanceof String ? "f(?)" : "?");
        assertThat(query.sql()).isEqualTo("select '?', \"?\", ? as a, ?? as b, f(?) as c -- ?\n/* ? */");
        assertThat(query.parameters()).containsExactly(1, "geometry");
    }

    @Test
    void keepsTheQueryWhenEveryPlaceholderIsABareMark() {
        Query query = Query.sql("select ? ? ?").param(1);
        assertThat(query.withPlaceholders(LexicalRules.POSTGRESQL, value -> "?"))
                .isSameAs(query);
    }

    @Test
    void rejectsPlaceholdersForSqlWithAnotherNumberOfMarksThanValues() {
        assertThatThrownBy(() ->
                        Query.sql("select ?, ?").param("x").withPlaceholders(LexicalRules.POSTGRESQL, value -> "f(?)"))
                .isInstanceOfSatisfying(
                        ConnectionException.class,
                        failure -> assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION))
                .hasMessageContaining("2 ? parameter marks but 1 parameters");
    }
}
