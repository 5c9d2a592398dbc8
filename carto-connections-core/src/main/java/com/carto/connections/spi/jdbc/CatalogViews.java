package com.carto.connections.spi.jdbc;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a JDBC provider's catalog lists schemas, tables and columns: the ANSI {@code information_schema} by default,
 * or a warehouse's own views of the same shape under other names. Amazon Redshift's {@code svv_all_*} views are the
 * reason: its {@code information_schema} omits external schemas, datashares and late-binding views.
 *
 * <p>These names are written into the catalog's SQL (the user's names are always bound), so each must be a plain
 * lower-case identifier, optionally qualified by one schema. A warehouse whose dictionary has another shape (Oracle's
 * {@code ALL_TAB_COLUMNS}) gives its views as queries instead, through {@link #derived}.
 *
 * @param schemas the view listing schemas, with a {@code schema_name} column
 * @param schemasDatabase the database-name column of {@code schemas}
 * @param tables the view listing tables and views, with {@code table_name} and {@code table_type} columns
 * @param columns the view listing columns, with {@code column_name}, {@code data_type}, {@code is_nullable} and
 *     {@code ordinal_position} columns
 * @param database the database-name column of {@code tables} and {@code columns}
 * @param schema the schema-name column of {@code tables} and {@code columns}
 * @param userDefinedTypeName the column of {@code columns} that names the type when {@code data_type} only says
 *     {@code USER-DEFINED} or {@code ARRAY}, as in the ANSI views; empty when {@code data_type} always names it
 */
public record CatalogViews(
        String schemas,
        String schemasDatabase,
        String tables,
        String columns,
        String database,
        String schema,
        Optional<String> userDefinedTypeName) {
    // A view written as a query by the dialect (never from user input), under an alias.
    private static final Pattern DERIVED =
            Pattern.compile("\\((?i:select)\\s[^;]*\\) [a-z_][a-z0-9_]*", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*");

    /** The ANSI {@code information_schema}, which PostgreSQL and most JDBC warehouses have. */
    public static final CatalogViews INFORMATION_SCHEMA = new CatalogViews(
            "information_schema.schemata",
            "catalog_name",
            "information_schema.tables",
            "information_schema.columns",
            "table_catalog",
            "table_schema",
            Optional.of("udt_name"));

    public CatalogViews {
        requireView("schemas", schemas);
        requireName("schemasDatabase", schemasDatabase);
        requireView("tables", tables);
        requireView("columns", columns);
        requireName("database", database);
        requireName("schema", schema);
        userDefinedTypeName.ifPresent(name -> requireName("userDefinedTypeName", name));
    }

    /**
     * Views written as queries over a warehouse's own dictionary, each selecting the names the catalog reads:
     * {@code database_name} and {@code schema_name} for schemas; {@code database_name}, {@code schema_name},
     * {@code table_name} and {@code table_type} for tables; {@code database_name}, {@code schema_name},
     * {@code table_name}, {@code column_name}, {@code data_type} (the full type name), {@code is_nullable}
     * ({@code YES} or {@code NO}) and {@code ordinal_position} for columns. No statement separator is allowed in them.
     */
    public static CatalogViews derived(String schemasSelect, String tablesSelect, String columnsSelect) {
        return new CatalogViews(
                "(" + schemasSelect + ") catalog_schemas",
                "database_name",
                "(" + tablesSelect + ") catalog_tables",
                "(" + columnsSelect + ") catalog_columns",
                "database_name",
                "schema_name",
                Optional.empty());
    }

    private static void requireView(String field, String view) {
        if (!DERIVED.matcher(view).matches()) {
            requireName(field, view);
        }
    }

    private static void requireName(String field, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(field + " must be a plain lower-case SQL name: " + name);
        }
    }
}
