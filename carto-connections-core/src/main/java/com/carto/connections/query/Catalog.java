package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

/**
 * Browses what a connection can see, level by level and page by page: databases (BigQuery projects) →
 * schemas (datasets) → tables → columns. Nothing is read before it is asked for and no table data is ever
 * sampled. Thread-safe when the client it came from is.
 */
public interface Catalog {
    Page<Database> databases(PageRequest request);

    Page<Schema> schemas(String database, PageRequest request);

    Page<Table> tables(String database, String schema, PageRequest request);

    Page<TableColumn> columns(String database, String schema, String table, PageRequest request);

    /** A database, or a BigQuery project. */
    record Database(String name) {
        public Database {
            requireNonNull(name, "name is null");
        }
    }

    /** A schema, or a BigQuery dataset. */
    record Schema(String database, String name) {
        public Schema {
            requireNonNull(database, "database is null");
            requireNonNull(name, "name is null");
        }
    }

    /** A table or view. {@code kind} is the warehouse's word for it, e.g. {@code BASE TABLE} or {@code VIEW}. */
    record Table(String database, String schema, String name, String kind) {
        public Table {
            requireNonNull(database, "database is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
        }
    }

    /**
     * A column of a table.
     *
     * @param position one-based position in the table
     */
    record TableColumn(String name, ColumnType type, String nativeType, boolean nullable, int position) {
        public TableColumn {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(nativeType, "nativeType is null");
        }
    }
}
