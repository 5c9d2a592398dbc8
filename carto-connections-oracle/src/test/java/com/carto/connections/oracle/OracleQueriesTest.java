package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.query.Query;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

/** The live test's queries, checked offline: they parse, and the lexical query binds exactly one parameter. */
class OracleQueriesTest {
    @Test
    void theContractsSelectsParse() throws JSQLParserException {
        for (String sql :
                new String[] {OracleQueries.POINT, OracleQueries.PARAMETER.replace("?", "1"), OracleQueries.series(3)
                }) {
            assertThat(CCJSqlParserUtil.parse(sql)).as(sql).isNotNull();
        }
    }

    @Test
    void theLexicalQueryBindsOnlyTheValueOutsideItsLiteralsAndComments() {
        Query resolved =
                Query.sql(OracleQueries.LEXICAL).param("value", 41).resolve(OracleDialect.INSTANCE.lexicalRules());
        assertThat(resolved.parameters()).containsExactly(41);
        assertThat(resolved.sql()).startsWith("select cast(? as number(18))").contains("q'[it's :x @x]'");
    }
}
