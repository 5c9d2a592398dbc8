package com.carto.connections.spi;

import com.carto.connections.query.LexicalRules;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL a provider's warehouse speaks, for the few statements the SDK itself writes (catalog, write-back,
 * limits). Defaults are ANSI SQL with double-quoted identifiers; a provider overrides what differs.
 * Implementations are stateless and thread-safe.
 */
public interface Dialect {
    /**
     * Quotes one identifier so that any text, including quotes, backslashes, semicolons and comments, names
     * exactly that object. This is the only place identifiers become SQL.
     */
    default String quoteIdentifier(String identifier) {
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must be non-empty and hold no NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Where the warehouse's SQL text is not code, so that named parameters are found only where they are code. The
     * default is the SQL standard's rules.
     */
    default LexicalRules lexicalRules() {
        return LexicalRules.STANDARD;
    }

    /** Joins quoted parts with dots: {@code "schema"."table"}. */
    default String qualifiedName(List<String> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a qualified name needs at least one part");
        }
        return parts.stream().map(this::quoteIdentifier).collect(Collectors.joining("."));
    }

    /**
     * Wraps a query so it returns at most {@code rows} rows. JDBC providers push a query's {@code maxRows} down with
     * it (see {@code spi.jdbc}). The query must end its own line, so that a trailing {@code --} comment in it cannot
     * swallow the closing parenthesis.
     */
    default String limit(String sql, long rows) {
        return "select * from (" + sql + "\n) limited_query fetch first " + rows + " rows only";
    }

    /**
     * A select of constant expressions, e.g. {@code select 1}; a warehouse that needs a table for that (Oracle's
     * {@code dual}) names it here.
     */
    default String selectWithoutTable(String expressions) {
        return "select " + expressions;
    }

    /** Creates a table from a query's result. */
    default String createTableAs(String qualifiedTable, String sql) {
        return "create table " + qualifiedTable + " as " + sql;
    }

    default String dropTableIfExists(String qualifiedTable) {
        return "drop table if exists " + qualifiedTable;
    }

    default String createSchemaIfNotExists(String quotedSchema) {
        return "create schema if not exists " + quotedSchema;
    }

    /** Where write-back and temporary tables go unless the connection says otherwise. */
    default String defaultTempLocation() {
        return "carto_temp";
    }

    /** Where the CARTO Analytics Toolbox is installed unless the connection says otherwise. */
    default String defaultAnalyticsToolboxLocation() {
        return "carto";
    }
}
