package com.carto.connections.snowflake;

import com.carto.connections.testing.ProviderUnderTest.ContractQueries;

/**
 * The contract's queries in Snowflake SQL, shared by the fake and the live test. Column names are quoted: Snowflake
 * folds unquoted names to upper case, as the fake's H2 does.
 */
final class SnowflakeQueries {
    static final String TYPES = "select cast(42 as integer) as \"i\", cast(12.345 as number(10,3)) as \"d\","
            + " cast(1.5 as float) as \"f\", true as \"b\", cast('2024-02-29' as date) as \"dt\","
            + " cast('2024-02-29 12:34:56' as timestamp_ntz) as \"ts\","
            + " cast('2024-02-29 14:34:56+02:00' as timestamp_tz) as \"tstz\", cast('héllo wörld' as varchar) as \"s\","
            + " cast(null as integer) as \"n\"";
    static final String POINT = "select to_geography('POINT(1.5 2.5)') as \"geom\"";
    /** Why the contract's typed parameter round trips are skipped for Snowflake, until they pass (issue 14). */
    static final String PARAMETER_TYPES_PENDING = "Snowflake binds are not typed for the contract's round trips yet:"
            + " the fake gives H2 no type for a bare ? from the bind's Snowflake type, and the dialect sends undocumented"
            + " types through setObject; SnowflakeDialectTest covers the binds it has";

    static final String PARAMETER = "select cast(? as integer) + 1 as \"answer\"";
    /** Snowflake escapes with backslashes in single-quoted strings, has $$ strings and // comments. */
    static final String LEXICAL = "select cast(:value as integer) + 1 as \"answer\", 'it\\'s :x @x' as \"s\","
            + " $$ it's :x @x $$ as \"d\", 1 as \":x @x\" -- :x @x\n// :x @x\n/* :x @x */";

    static final ContractQueries CONTRACT =
            new ContractQueries(TYPES, POINT, SnowflakeQueries::series, PARAMETER, SnowflakeQueries::sleep, LEXICAL);

    private SnowflakeQueries() {}

    static String series(long rows) {
        return "select seq4() + 1 as \"n\" from table(generator(rowcount => " + rows + ")) order by \"n\"";
    }

    static String sleep(long seconds) {
        return "select system$wait(" + seconds + ") as \"slept\"";
    }
}
