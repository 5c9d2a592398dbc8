package com.carto.connections.spi;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import java.util.List;

/**
 * A provider's client for one connection and one identity, usually holding a pool. Thread-safe: many queries may
 * run through one client at once. Warehouse failures are {@link ConnectionException}s with the provider's
 * category; nothing from a driver escapes unwrapped.
 */
public interface WarehouseClient extends AutoCloseable {
    /** Runs the staged live check. Never throws for a warehouse problem: the report says what failed. */
    CheckReport check(CheckOptions options);

    /** Starts a query and returns its streaming result; the caller must close it. */
    QueryResult query(Query query);

    /** Runs a statement that returns no rows (DDL, DML) and returns the affected row count, or 0. */
    long execute(Query statement);

    /** Browses databases, schemas, tables and columns. */
    Catalog catalog();

    /**
     * Writes a query's result into a new table, e.g. {@code ["carto_temp", "result_1"]}. Fails with
     * {@link ErrorCategory#UNSUPPORTED} when the provider does not declare {@link Capability#WRITE_BACK}.
     */
    default void createTable(List<String> table, Query query) {
        throw new ConnectionException(ErrorCategory.UNSUPPORTED, "this provider cannot write query results back");
    }

    /** Drops a table created by {@link #createTable}, if it exists. */
    default void dropTable(List<String> table) {
        throw new ConnectionException(ErrorCategory.UNSUPPORTED, "this provider cannot write query results back");
    }

    /** Releases the client's pool and sockets. Queries still running are cancelled. Idempotent. */
    @Override
    void close();
}
