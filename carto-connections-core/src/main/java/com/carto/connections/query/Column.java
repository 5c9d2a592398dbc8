package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

/**
 * A column of a query result.
 *
 * @param name the column's label as the warehouse returned it
 * @param type the normalized type, which decides the Java class of its values
 * @param nativeType the warehouse's own type name, e.g. {@code int8} or {@code geography}
 */
public record Column(String name, ColumnType type, String nativeType) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(nativeType, "nativeType is null");
    }
}
