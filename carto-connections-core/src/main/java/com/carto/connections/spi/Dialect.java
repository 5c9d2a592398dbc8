package com.carto.connections.spi;

import com.carto.connections.query.LexicalRules;
import java.util.List;
import java.util.Optional;
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

    /**
     * A condition keeping the rows of a {@link TileQuery}'s source whose geometry may lie on the tile: the tile's
     * envelope transformed into the column's SRID (never the column into the tile's, so that the warehouse's spatial
     * index still serves). Empty when this warehouse has no such filter for that SRID: the SDK then cannot serve tiles
     * of the source and says so ({@code UNSUPPORTED}).
     */
    default Optional<String> tileFilter(TileQuery tile) {
        return Optional.empty();
    }

    /**
     * An expression giving the source's geometry in EPSG:4326 or EPSG:3857 for the SDK to encode ({@code srid} says
     * which); empty when the column's SRID is neither and this warehouse cannot transform it.
     */
    default Optional<TileGeometrySql> tileGeometry(TileQuery tile) {
        if (tile.srid() == 4326 || tile.srid() == 3857) {
            return Optional.of(new TileGeometrySql(tile.geometry(), tile.srid()));
        }
        return Optional.empty();
    }

    /**
     * A statement building the whole tile in the warehouse, when it can ({@code ST_AsMVT}): one row of three columns,
     * the MVT bytes of the first {@code limit - 1} rows (in the feature id's order when there is one), how many rows
     * the filter found (at most {@link TileQuery#limit()}, so that a cut is seen) and how many features the tile holds.
     * The tile's numbers should be bound, not written into the text, so that every tile of a source runs the same
     * statement and the warehouse plans it once. Empty (the default) when the SDK is to encode the tile from the rows
     * it reads.
     */
    default Optional<TileSql> vectorTile(TileQuery tile) {
        return Optional.empty();
    }

    /**
     * A statement returning one row of four numbers, west, south, east and north in degrees, around every geometry
     * of the source; empty when this warehouse cannot say, and a TileJSON then covers the whole world.
     */
    default Optional<String> extentInDegrees(String source, String geometry, int srid) {
        return Optional.empty();
    }

    /**
     * An integer expression: {@code integer} and {@code mask} ANDed bit by bit, written as this warehouse writes it
     * ({@code mask} is a constant, never negative, written into the text). The SDK gathers spatial-index cells to
     * their parents with it. Empty (the default: ANSI SQL has no bitwise AND) when this warehouse has none, and
     * spatial-index tile sources then fail {@code UNSUPPORTED}.
     */
    default Optional<String> bitwiseAnd(String integer, long mask) {
        return Optional.empty();
    }

    /**
     * A tile statement and the values of its {@code ?} marks, which all come after the source's text (the source's
     * own parameters are bound first).
     */
    record TileSql(String sql, List<Object> parameters) {
        public TileSql {
            java.util.Objects.requireNonNull(sql, "sql is null");
            parameters = List.copyOf(parameters);
        }
    }

    /** A geometry expression for tiles and the SRID it gives: 4326 or 3857. */
    record TileGeometrySql(String expression, int srid) {
        public TileGeometrySql {
            if (srid != 4326 && srid != 3857) {
                throw new IllegalArgumentException("the SDK encodes tiles from EPSG:4326 or EPSG:3857 only");
            }
        }
    }
}
