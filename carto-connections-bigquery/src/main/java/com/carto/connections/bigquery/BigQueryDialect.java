package com.carto.connections.bigquery;

import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.Dialect;

/**
 * GoogleSQL as the SDK writes it: backtick-quoted names (each part quoted on its own, {@code `project`.`dataset`.`t`}),
 * {@code LIMIT}, {@code CREATE TABLE … AS}, and datasets as schemas.
 */
final class BigQueryDialect implements Dialect {
    static final BigQueryDialect INSTANCE = new BigQueryDialect();

    @Override
    public LexicalRules lexicalRules() {
        return LexicalRules.GOOGLE_SQL;
    }

    private BigQueryDialect() {}

    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must be non-empty and hold no NUL character");
        }
        // GoogleSQL quoted identifiers take the same backslash escapes as string literals, so backslashes go first.
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    @Override
    public String limit(String sql, long rows) {
        return "select * from (" + sql + ") as limited_query limit " + rows;
    }

    /** CARTO installs the Analytics Toolbox for BigQuery in the {@code carto} dataset of the public project {@code carto-un}. */
    @Override
    public String defaultAnalyticsToolboxLocation() {
        return "carto-un.carto";
    }
}
