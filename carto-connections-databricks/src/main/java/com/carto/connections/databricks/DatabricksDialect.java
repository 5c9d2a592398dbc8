package com.carto.connections.databricks;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.LexicalRules;
import com.carto.connections.spi.jdbc.CatalogViews;
import com.carto.connections.spi.jdbc.JdbcDialect;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Databricks SQL: identifiers between backticks, {@code LIMIT}, Spark's lexical rules, the Unity Catalog's
 * {@code information_schema} of the current catalog for the catalog, and errors classified by {@link
 * DatabricksErrors}. Stateless and thread-safe.
 */
final class DatabricksDialect implements JdbcDialect {
    static final DatabricksDialect INSTANCE = new DatabricksDialect();

    /**
     * Spark SQL: {@code '…'} and {@code "…"} are both string literals, a backslash escapes in them, {@code `…`} quotes
     * an identifier, and bracketed comments nest (docs.databricks.com/sql/language-manual/sql-ref-literals.html,
     * sql-ref-identifiers.html). Raw strings ({@code r'…'}, where a backslash is a character) are not modelled.
     */
    private static final LexicalRules LEXICAL_RULES = LexicalRules.of(
            LexicalRules.Feature.BACKSLASH_ESCAPES,
            LexicalRules.Feature.DOUBLE_QUOTED_STRINGS,
            LexicalRules.Feature.BACKTICK_IDENTIFIERS,
            LexicalRules.Feature.NESTED_BLOCK_COMMENTS);

    /**
     * The Unity Catalog's {@code information_schema} of the current catalog (docs.databricks.com/sql/language-manual/
     * sql-ref-information-schema.html): its {@code data_type} names every type, so no user-defined-type column.
     */
    private static final CatalogViews UNITY_CATALOG = new CatalogViews(
            "information_schema.schemata",
            "catalog_name",
            "information_schema.tables",
            "information_schema.columns",
            "table_catalog",
            "table_schema",
            Optional.empty());

    private DatabricksDialect() {}

    @Override
    public CatalogViews catalogViews() {
        return UNITY_CATALOG;
    }

    /** A backtick inside a name doubles, as Databricks SQL writes it; any other text is one name between backticks. */
    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must be non-empty and hold no NUL character");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public LexicalRules lexicalRules() {
        return LEXICAL_RULES;
    }

    @Override
    public String limit(String sql, long rows) {
        return "select * from (" + sql + "\n) limited_query limit " + rows;
    }

    @Override
    public ErrorCategory categorize(String sqlState, int vendorCode) {
        return DatabricksErrors.categorize(sqlState, vendorCode);
    }

    @Override
    public ErrorCategory categorize(SQLException exception) {
        return DatabricksErrors.categorize(exception);
    }
}
