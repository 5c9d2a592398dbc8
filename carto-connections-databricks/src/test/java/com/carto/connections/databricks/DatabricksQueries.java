package com.carto.connections.databricks;

import com.carto.connections.testing.ProviderUnderTest.ContractQueries;

/**
 * The contract's queries in Databricks SQL, which the fake runs on H2 after its Spark-SQL translation. TIMESTAMP is an
 * instant in Databricks (the contract's {@code tstz}), TIMESTAMP_NTZ a local date-time ({@code ts}).
 */
final class DatabricksQueries {
    static final String TYPES = "select cast(42 as int) as i, cast(12.345 as decimal(10,3)) as d,"
            + " cast(1.5 as double) as f, true as b, date '2024-02-29' as dt,"
            + " timestamp_ntz '2024-02-29 12:34:56' as ts, timestamp '2024-02-29 14:34:56+02:00' as tstz,"
            + " 'héllo wörld' as s, cast(null as bigint) as n";
    static final String POINT = "select st_point(1.5, 2.5, 4326) as geom";
    static final String PARAMETER = "select cast(? as bigint) + 1 as answer";
    /** Both quote characters delimit strings, a backslash escapes in them, and bracketed comments nest. */
    static final String LEXICAL = "select cast(:value as bigint) + 1 as answer, 'it\\'s :x @x' as s,"
            + " \"it\\\"s :x @x\" as d, 1 as `:x @x` -- :x @x\n/* :x /* @x */ :x */";

    static final ContractQueries CONTRACT =
            new ContractQueries(TYPES, POINT, DatabricksQueries::series, PARAMETER, seconds -> busy(), LEXICAL);

    private DatabricksQueries() {}

    static String series(long rows) {
        return "select id as n from range(1, " + (rows + 1) + ") order by id";
    }

    /** Databricks has no sleep function: a count over far more rows than a test waits for. */
    static String busy() {
        return "select count(*) as slept from range(0, 1000000000000)";
    }
}
