package com.carto.connections.redshift;

import com.carto.connections.testing.ProviderUnderTest.ContractQueries;
import java.util.StringJoiner;

/** Contract queries written in Redshift SQL that PostgreSQL also runs, shared by the stand-in and the live test. */
final class RedshiftQueries {
    static final String TYPES = "select 42::int4 as i, 12.345::numeric(10,3) as d, 1.5::float8 as f, true as b,"
            + " '2024-02-29'::date as dt, '2024-02-29 12:34:56'::timestamp as ts,"
            + " '2024-02-29 14:34:56+02'::timestamptz as tstz, 'héllo wörld'::varchar as s, null::int8 as n";
    static final String POINT = "select ST_SetSRID(ST_MakePoint(1.5, 2.5), 4326) as geom";
    static final String PARAMETER = "select ?::int8 + 1 as answer";
    /** Redshift escapes with backslashes in every string, so {@code 'it\\'s'} is one literal. */
    static final String LEXICAL =
            "select cast(:value as bigint) + 1 as answer, 'it\\'s :x @x' as s, 1 as \":x @x\" -- :x @x\n/* :x @x */";

    private static final String DIGITS = "(select 0 as d union all select 1 union all select 2 union all select 3"
            + " union all select 4 union all select 5 union all select 6 union all select 7 union all select 8"
            + " union all select 9)";

    /** The contract's queries; Redshift has no sleep function, so the busy query stands for any length of time. */
    static final ContractQueries CONTRACT =
            new ContractQueries(TYPES, POINT, RedshiftQueries::series, PARAMETER, seconds -> busy(), LEXICAL);

    private RedshiftQueries() {}

    /**
     * A query that keeps the warehouse busy for far longer than a test waits (a billion rows, counted). Redshift has
     * no sleep function, so the stand-in runs the same query and the cancel it gets is the one Redshift would get.
     */
    static String busy() {
        StringJoiner from = new StringJoiner(" cross join ");
        for (int digit = 0; digit < 9; digit++) {
            from.add(DIGITS + " as d" + digit);
        }
        return "select count(*) as slept from " + from;
    }

    /**
     * Rows 1..n from cross-joined digits: Redshift's generate_series runs on the leader node only, so it cannot feed
     * a table (write-back) and is not what a user's query looks like.
     */
    static String series(long rows) {
        StringJoiner number = new StringJoiner(" + ", "1 + ", "");
        StringJoiner from = new StringJoiner(" cross join ");
        long scale = 1;
        int digit = 0;
        do {
            number.add(scale + " * d" + digit + ".d");
            from.add(DIGITS + " as d" + digit);
            scale *= 10;
            digit++;
        } while (scale < rows);
        return "select n from (select (" + number + ")::int8 as n from " + from + ") as series where n <= " + rows
                + " order by n";
    }
}
