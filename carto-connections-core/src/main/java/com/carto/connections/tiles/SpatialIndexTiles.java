package com.carto.connections.tiles;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.WarehouseClient;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * The tiles of a {@link TileSource.Kind#SPATIAL_INDEX spatial-index source}. For a tile at zoom {@code z} the
 * warehouse keeps the source cells on the tile (for Quadbin one run of integers, so a {@code between} its index
 * serves; for H3 a few hundred runs at most, the descendants of the coarser cells that may reach the tile), groups
 * them by their parent at the {@link #drawnResolution drawn resolution} (a bitwise AND with a constant and an
 * addition, {@link Quadbin#parent}, {@link H3Index#parent}) and computes the declared aggregates; the SDK draws each
 * parent as its square, or its hexagon from the H3 library cut to the buffered tile, and encodes the tile.
 */
final class SpatialIndexTiles {
    /** The column the tile's rows name the drawn cell. */
    static final String CELL_ALIAS = "carto_tile_cell";

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private SpatialIndexTiles() {}

    /** H3 resolutions a zoom level is worth: a tile's area is a quarter of its parent's, an H3 cell's a seventh. */
    private static final double H3_RESOLUTIONS_PER_ZOOM = Math.log(4) / Math.log(7);

    /**
     * The resolution whose cells a tile at {@code zoom} draws: for Quadbin {@code zoom + aggregationLevels}; for H3
     * {@code floor((zoom + aggregationLevels) × log 4 / log 7) − 2}, at least 0, which keeps a tile's hexagons about
     * as large as Quadbin's squares (resolution 2 on the world's tile: 5,882 cells) and a tile near the equator under
     * about 6,000 of them (fewer towards the poles, where a tile covers less of the earth); never finer than the
     * source's.
     */
    static int drawnResolution(TileSource source, int zoom) {
        int finer = zoom + source.aggregationLevels();
        if (isH3(source)) {
            return Math.min(source.resolution(), Math.max(0, (int) Math.floor(finer * H3_RESOLUTIONS_PER_ZOOM) - 2));
        }
        return Math.min(source.resolution(), finer);
    }

    private static boolean isH3(TileSource source) {
        return source.indexType().orElse(TileSource.IndexType.QUADBIN) == TileSource.IndexType.H3;
    }

    static VectorTiles.Built built(
            WarehouseClient client, Dialect dialect, TileSource source, TileCoordinates coordinates) {
        int drawn = drawnResolution(source, coordinates.z());
        String statement = dialect.limit(sql(dialect, source, coordinates), source.maxFeatures() + 1L);
        VectorTiles.ClientTile tile = new VectorTiles.ClientTile(source);
        boolean h3 = isH3(source);
        TileGeometries toTile =
                new TileGeometries(coordinates, source.extent(), source.buffer(), TileGeometries.Space.DEGREES);
        double tileLongitude =
                TileCoordinates.longitude(coordinates.mercatorEnvelope().centre().x);
        try (QueryResult result = client.query(Query.sql(statement))) {
            requireNumbers(source, result.columns());
            while (result.next()) {
                if (tile.rowsRead == source.maxFeatures()) {
                    tile.truncation = Tile.Truncation.MAX_FEATURES;
                    break;
                }
                tile.rowsRead++;
                long cell = result.longValue(0);
                Geometry shape = h3
                        ? toTile.toTile(H3Tiles.hexagon(cell, tileLongitude))
                        : square(coordinates, source.extent(), source.buffer(), drawn, cell);
                if (shape.isEmpty()) {
                    // An H3 cell of the filter's margin that does not reach the buffered tile after all.
                    continue;
                }
                Map<String, Object> properties = new LinkedHashMap<>();
                for (int index = 0; index < source.aggregates().size(); index++) {
                    Object value = result.value(index + 1);
                    if (value != null) {
                        properties.put(source.aggregates().get(index).name(), value);
                    }
                }
                if (!tile.add(cell, shape, properties)) {
                    break;
                }
            }
        }
        return tile.built();
    }

    /**
     * The tile's statement: the source cells on the tile, grouped by their parent at the drawn resolution, with the
     * aggregates; in the cells' order, so that a tile cut short always keeps the same ones.
     */
    static String sql(Dialect dialect, TileSource source, TileCoordinates coordinates) {
        int drawn = drawnResolution(source, coordinates.z());
        String cell = dialect.quoteIdentifier(source.geometryColumn());
        boolean h3 = isH3(source);
        String parent = dialect.bitwiseAnd(cell, h3 ? H3Index.parentMask(drawn) : Quadbin.parentMask(drawn))
                .orElseThrow(() -> new ConnectionException(
                        ErrorCategory.UNSUPPORTED,
                        "this warehouse has no bitwise AND for the SDK to gather spatial-index cells"));
        List<long[]> runs = h3
                ? H3Tiles.runsOnTile(coordinates, source.extent(), source.buffer(), drawn, source.resolution())
                : List.of(Quadbin.cellsOnTile(coordinates, source.resolution()));
        Set<String> columns = new LinkedHashSet<>();
        StringBuilder aggregates = new StringBuilder();
        for (CellAggregate aggregate : source.aggregates()) {
            String column = aggregate.column();
            String argument = "*";
            if (column != null) {
                argument = dialect.quoteIdentifier(column);
                columns.add(argument);
            }
            aggregates
                    .append(", ")
                    .append(aggregate.function().sql())
                    .append('(')
                    .append(argument)
                    .append(") as ")
                    .append(dialect.quoteIdentifier(aggregate.name()));
        }
        StringBuilder inner = new StringBuilder("select ")
                .append(parent)
                .append(" + ")
                .append(h3 ? H3Index.parentAddend(drawn) : Quadbin.parentAddend(drawn))
                .append(" as ")
                .append(CELL_ALIAS);
        for (String column : columns) {
            inner.append(", ").append(column);
        }
        inner.append(" from ").append(dialect.qualifiedName(source.table())).append(" where ");
        // The SDK's own integers, never the caller's text: written into the statement as Quadbin's run is.
        for (int index = 0; index < runs.size(); index++) {
            long[] run = runs.get(index);
            inner.append(index == 0 ? "" : " or ");
            inner.append(cell)
                    .append(" between ")
                    .append(run[0])
                    .append(" and ")
                    .append(run[1]);
        }
        return "select " + CELL_ALIAS + aggregates + " from (" + inner + "\n) tile_cells group by " + CELL_ALIAS
                + " order by " + CELL_ALIAS;
    }

    /** The TileJSON of a spatial-index source: every aggregate a {@code Number}, the source's columns checked. */
    static TileJson tileJson(WarehouseClient client, Dialect dialect, TileSource source, String tilesUrl) {
        requireColumns(source, describe(client, dialect, source));
        Map<String, String> fields = new LinkedHashMap<>();
        for (CellAggregate aggregate : source.aggregates()) {
            fields.put(aggregate.name(), "Number");
        }
        return new TileJson(
                List.of(tilesUrl),
                source.minZoom(),
                source.maxZoom(),
                List.of(-180.0, -TileCoordinates.MAX_LATITUDE, 180.0, TileCoordinates.MAX_LATITUDE),
                source.layerName(),
                fields,
                source.maxFeatures(),
                source.maxBytes());
    }

    /**
     * A failed tile whose source names a column the table lacks, or one of the wrong type, failed in the warehouse's
     * own words; describing the table then says which setting is wrong. Only failures pay for that.
     */
    static ConnectionException explained(
            WarehouseClient client, Dialect dialect, TileSource source, ConnectionException failure) {
        if (failure instanceof InvalidConfigurationException
                || !(failure.category() == ErrorCategory.INTERNAL
                        || failure.category() == ErrorCategory.NOT_FOUND
                        || failure.category() == ErrorCategory.INVALID_CONFIGURATION)) {
            return failure;
        }
        try {
            requireColumns(source, describe(client, dialect, source));
        } catch (InvalidConfigurationException wrongColumn) {
            wrongColumn.addSuppressed(failure);
            return wrongColumn;
        } catch (ConnectionException describeFailed) {
            failure.addSuppressed(describeFailed);
        }
        return failure;
    }

    /** The square of the drawn cell in the tile's units, cut to the tile grown by the buffer. */
    static Polygon square(TileCoordinates tile, int extent, int buffer, int drawn, long cell) {
        // Powers of two and integers below 2^53: every product here is exact in a double.
        double cellUnits = extent * Math.pow(2, tile.z() - drawn);
        double west = Quadbin.column(cell) * cellUnits - (double) tile.x() * extent;
        double north = Quadbin.row(cell) * cellUnits - (double) tile.y() * extent;
        double low = -buffer;
        double high = (double) extent + buffer;
        double minX = Math.round(Math.max(low, west));
        double maxX = Math.round(Math.min(high, west + cellUnits));
        double minY = Math.round(Math.max(low, north));
        double maxY = Math.round(Math.min(high, north + cellUnits));
        return FACTORY.createPolygon(new Coordinate[] {
            new Coordinate(minX, minY),
            new Coordinate(maxX, minY),
            new Coordinate(maxX, maxY),
            new Coordinate(minX, maxY),
            new Coordinate(minX, minY)
        });
    }

    /** The table's columns, from a statement that reads no row. */
    private static List<Column> describe(WarehouseClient client, Dialect dialect, TileSource source) {
        String sql = "select * from " + dialect.qualifiedName(source.table()) + " where 1 = 0";
        try (QueryResult described = client.query(Query.sql(sql))) {
            return described.columns();
        }
    }

    private static void requireColumns(TileSource source, List<Column> columns) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column column : columns) {
            byName.put(column.name(), column);
        }
        Column cell = byName.get(source.geometryColumn());
        if (cell == null) {
            throw InvalidConfigurationException.of("cellColumn", "the table has no column " + source.geometryColumn());
        }
        if (cell.type() != ColumnType.INTEGER && cell.type() != ColumnType.DECIMAL) {
            throw InvalidConfigurationException.of(
                    "cellColumn", source.geometryColumn() + " is " + cell.nativeType() + ", not an integer");
        }
        for (CellAggregate aggregate : source.aggregates()) {
            String name = aggregate.column();
            if (name == null) {
                continue;
            }
            Column column = byName.get(name);
            if (column == null) {
                throw InvalidConfigurationException.of(
                        "aggregates", aggregate.name() + ": the table has no column " + name);
            }
            if (aggregate.function() != CellAggregate.Function.COUNT && !isNumber(column.type())) {
                throw InvalidConfigurationException.of(
                        "aggregates",
                        aggregate.name() + ": " + aggregate.function() + " needs a number but " + name + " is "
                                + column.nativeType());
            }
        }
    }

    /** The aggregates as the warehouse computed them: a MIN or MAX of text would be a string, not a number. */
    private static void requireNumbers(TileSource source, List<Column> columns) {
        for (int index = 0; index < source.aggregates().size(); index++) {
            Column column = columns.get(index + 1);
            if (!isNumber(column.type())) {
                CellAggregate aggregate = source.aggregates().get(index);
                throw InvalidConfigurationException.of(
                        "aggregates",
                        aggregate.name() + ": " + aggregate.function() + " needs a number but " + aggregate.column()
                                + " gives " + column.nativeType());
            }
        }
    }

    private static boolean isNumber(ColumnType type) {
        return type == ColumnType.INTEGER || type == ColumnType.DECIMAL || type == ColumnType.FLOAT;
    }
}
