package com.carto.connections.oracle;

import com.carto.connections.testing.ProviderUnderTest.ContractQueries;

/**
 * The contract's queries in Oracle SQL (19c and later; {@code true} as a literal needs 23ai). Quoted lower-case
 * aliases, because unquoted names fold to upper case. Parsed offline by {@link OracleQueriesTest}; run only by the
 * live test.
 */
final class OracleQueries {
    static final String TYPES = "select cast(42 as number(18)) as \"i\", cast(12.345 as number(10, 3)) as \"d\","
            + " cast(1.5 as binary_double) as \"f\", true as \"b\", date '2024-02-29' as \"dt\","
            + " timestamp '2024-02-29 12:34:56' as \"ts\","
            + " timestamp '2024-02-29 14:34:56 +02:00' as \"tstz\", cast('héllo wörld' as varchar2(40)) as \"s\","
            + " cast(null as number(18)) as \"n\" from dual";
    static final String POINT =
            "select SDO_GEOMETRY(2001, 4326, SDO_POINT_TYPE(1.5, 2.5, NULL), NULL, NULL) as \"geom\" from dual";
    static final String PARAMETER = "select cast(? as number(18)) + 1 as \"answer\" from dual";
    /** Oracle's strings: a quote doubles, a backslash is a character, and q-quotes may hold quotes. */
    static final String LEXICAL = "select cast(:value as number(18)) + 1 as \"answer\", 'it''s :x @x\\' as \"s\","
            + " q'[it's :x @x]' as \"q\", 1 as \":x @x\" from dual -- :x @x\n/* :x @x */";

    static final ContractQueries CONTRACT =
            new ContractQueries(TYPES, POINT, OracleQueries::series, PARAMETER, OracleQueries::sleep, LEXICAL);

    private OracleQueries() {}

    static String series(long rows) {
        return "select cast(level as number(18)) as \"n\" from dual connect by level <= " + rows + " order by 1";
    }

    /** DBMS_SESSION.SLEEP needs no grant (DBMS_LOCK.SLEEP does), from 18c. */
    static String sleep(long seconds) {
        return "with function carto_sleep return number is begin dbms_session.sleep(" + seconds + "); return " + seconds
                + "; end;\nselect carto_sleep() as \"slept\" from dual";
    }
}
