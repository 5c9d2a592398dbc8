package com.carto.connections.tiles;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Geometry;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.Dialect;
import com.carto.connections.spi.TileQuery;
import com.carto.connections.spi.WarehouseClient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Envelope;

/**
 * Serves a {@link TileSource}'s tiles and TileJSON from a warehouse client. The tile is built by the warehouse where its
 * {@link Dialect#vectorTile dialect} can, and otherwise encoded here from the rows on the tile, which the warehouse
 * finds with the tile's envelope pushed down ({@link Dialect#tileFilter}). Access, limits and leases are the caller's:
 * the facade's {@code tile} and {@code tileJson} check them on every call.
 */
public final class VectorTiles {
    private static final int GEOMETRY_INDEX = 0;
    private static final Envelope WORLD = new TileCoordinates(0, 0, 0).mercatorEnvelope();

    private VectorTiles() {}

    /**
     * The tile at {@code coordinates}, or {@link Tile.Status#NOT_MODIFIED} when {@code ifNoneMatch} (an
     * {@code If-None-Match} header's value: one or more entity tags, or {@code *}) matches its entity tag.
     *
     * @throws InvalidConfigurationException a zoom outside the source's, or a source the warehouse cannot serve
     * @throws ConnectionException {@code UNSUPPORTED} when the warehouse cannot filter the source's SRID; the
     *     warehouse's own failures
     */
    public static Tile tile(
            WarehouseClient client,
            Dialect dialect,
            TileSource source,
            TileCoordinates coordinates,
            @Nullable String ifNoneMatch) {
        requireNonNull(client, "client is null");
        requireNonNull(dialect, "dialect is null");
        requireNonNull(source, "source is null");
        requireNonNull(coordinates, "coordinates is null");
        if (coordinates.z() < source.minZoom() || coordinates.z() > source.maxZoom()) {
            throw InvalidConfigurationException.of(
                    "z",
                    "must be between " + source.minZoom() + " and " + source.maxZoom() + " for this source but was "
                            + coordinates.z());
        }
        Built built;
        if (source.kind() == TileSource.Kind.SPATIAL_INDEX) {
            try {
                built = SpatialIndexTiles.built(client, dialect, source, coordinates);
            } catch (ConnectionException failure) {
                throw SpatialIndexTiles.explained(client, dialect, source, failure);
            }
        } else {
            TileQuery query = tileQuery(dialect, source, coordinates);
            try {
                built = built(client, dialect, source, query, coordinates);
            } catch (ConnectionException failure) {
                throw explained(client, dialect, source, failure);
            }
        }
        String etag = Tile.etagOf(built.bytes, sha256());
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return new Tile(
                    Tile.Status.NOT_MODIFIED, new byte[0], etag, -1, built.truncation, built.encoder, source.maxAge());
        }
        Tile.Status status = built.featureCount == 0 ? Tile.Status.NO_CONTENT : Tile.Status.CONTENT;
        byte[] bytes = status == Tile.Status.CONTENT ? built.bytes : new byte[0];
        return new Tile(status, bytes, etag, built.featureCount, built.truncation, built.encoder, source.maxAge());
    }

    /**
     * The source's TileJSON 3.0.0 document, with {@code tilesUrl} (holding {@code {z}}, {@code {x}} and {@code {y}})
     * as its one tile address, the types of the source's property columns, and its bounds where the warehouse can
     * find them cheaply.
     */
    public static TileJson tileJson(WarehouseClient client, Dialect dialect, TileSource source, String tilesUrl) {
        requireNonNull(client, "client is null");
        requireNonNull(dialect, "dialect is null");
        requireNonNull(source, "source is null");
        requireNonNull(tilesUrl, "tilesUrl is null");
        for (String placeholder : List.of("{z}", "{x}", "{y}")) {
            if (!tilesUrl.contains(placeholder)) {
                throw InvalidConfigurationException.of("tilesUrl", "must contain " + placeholder);
            }
        }
        if (source.kind() == TileSource.Kind.SPATIAL_INDEX) {
            return SpatialIndexTiles.tileJson(client, dialect, source, tilesUrl);
        }
        String sourceSql = sourceSql(dialect, source);
        Map<String, String> fields = new LinkedHashMap<>();
        List<Column> columns = describe(client, dialect, source);
        int first = source.featureId().isPresent() ? 2 : 1;
        for (int index = 0; index < source.properties().size(); index++) {
            fields.put(
                    source.properties().get(index),
                    fieldType(columns.get(first + index).type()));
        }
        List<Double> bounds = List.of(-180.0, -TileCoordinates.MAX_LATITUDE, 180.0, TileCoordinates.MAX_LATITUDE);
        Optional<String> extent =
                dialect.extentInDegrees(sourceSql, dialect.quoteIdentifier(source.geometryColumn()), source.srid());
        if (extent.isPresent()) {
            try (QueryResult result = client.query(sourceQuery(dialect, source, extent.get()))) {
                if (result.next() && !result.isNull(0)) {
                    bounds = List.of(
                            Math.max(-180, result.doubleValue(0)),
                            Math.max(-TileCoordinates.MAX_LATITUDE, result.doubleValue(1)),
                            Math.min(180, result.doubleValue(2)),
                            Math.min(TileCoordinates.MAX_LATITUDE, result.doubleValue(3)));
                }
            }
        }
        return new TileJson(
                List.of(tilesUrl),
                source.minZoom(),
                source.maxZoom(),
                bounds,
                source.layerName(),
                fields,
                source.maxFeatures(),
                source.maxBytes());
    }

    private static Built built(
            WarehouseClient client, Dialect dialect, TileSource source, TileQuery query, TileCoordinates coordinates) {
        if (!source.isBuiltByClient()) {
            Optional<Dialect.TileSql> statement = dialect.vectorTile(query);
            if (statement.isPresent()) {
                Built inWarehouse = inWarehouse(client, dialect, source, statement.get());
                if (inWarehouse != null) {
                    return inWarehouse;
                }
            }
        }
        return inClient(client, dialect, source, query, coordinates);
    }

    /**
     * A failed tile whose source names a column that is not a geometry (or an id that is not an integer) failed in
     * the warehouse's own words; describing the source then says which setting is wrong. Only failures pay for that.
     */
    private static ConnectionException explained(
            WarehouseClient client, Dialect dialect, TileSource source, ConnectionException failure) {
        if (failure instanceof InvalidConfigurationException || failure.category() != ErrorCategory.INTERNAL) {
            return failure;
        }
        try {
            describe(client, dialect, source);
        } catch (InvalidConfigurationException wrongColumn) {
            wrongColumn.addSuppressed(failure);
            return wrongColumn;
        } catch (ConnectionException describeFailed) {
            failure.addSuppressed(describeFailed);
        }
        return failure;
    }

    /** The source's columns as a tile reads them, checked; no row is read. */
    private static List<Column> describe(WarehouseClient client, Dialect dialect, TileSource source) {
        String sql = "select " + selectList(dialect, source, dialect.quoteIdentifier(source.geometryColumn()))
                + " from (" + sourceSql(dialect, source) + "\n) tile_source where 1 = 0";
        try (QueryResult described = client.query(sourceQuery(dialect, source, sql))) {
            List<Column> columns = described.columns();
            requireColumnTypes(source, columns);
            return columns;
        }
    }

    private static TileQuery tileQuery(Dialect dialect, TileSource source, TileCoordinates coordinates) {
        Envelope mercator = coordinates.mercatorEnvelope(source.extent(), source.buffer());
        Envelope world = WORLD;
        Envelope clamped = new Envelope(
                Math.max(world.getMinX(), mercator.getMinX()),
                Math.min(world.getMaxX(), mercator.getMaxX()),
                mercator.getMinY(),
                mercator.getMaxY());
        return new TileQuery(
                sourceSql(dialect, source),
                dialect.quoteIdentifier(source.geometryColumn()),
                source.featureId().map(dialect::quoteIdentifier).orElse(null),
                source.properties().stream().map(dialect::quoteIdentifier).toList(),
                source.srid(),
                coordinates.z(),
                coordinates.x(),
                coordinates.y(),
                source.extent(),
                source.buffer(),
                clamped,
                coordinates.degreesEnvelope(source.extent(), source.buffer()),
                source.maxFeatures() + 1,
                source.layerName());
    }

    private static @Nullable Built inWarehouse(
            WarehouseClient client, Dialect dialect, TileSource source, Dialect.TileSql statement) {
        byte[] bytes;
        long rows;
        int features;
        // The tile is one row: a row limit the warehouse reads whole with its execute, so no cursor and no transaction
        // around it (one round trip where a cursor costs a BEGIN and a rollback).
        Query query = sourceQuery(dialect, source, statement.sql())
                .params(statement.parameters().toArray())
                .maxRows(1);
        try (QueryResult result = client.query(query)) {
            if (!result.next()) {
                throw new ConnectionException(ErrorCategory.INTERNAL, "the warehouse built no tile");
            }
            Object value = result.value(0);
            bytes = value == null ? new byte[0] : (byte[]) value;
            rows = result.longValue(1);
            features = (int) result.longValue(2);
        }
        if (bytes.length > source.maxBytes()) {
            // The warehouse cannot leave features out to fit the size; the client path can.
            return null;
        }
        Tile.Truncation truncation = rows > source.maxFeatures() ? Tile.Truncation.MAX_FEATURES : Tile.Truncation.NONE;
        return new Built(bytes, features, truncation, Tile.Encoder.WAREHOUSE);
    }

    private static Built inClient(
            WarehouseClient client, Dialect dialect, TileSource source, TileQuery query, TileCoordinates coordinates) {
        Dialect.TileGeometrySql geometry = dialect.tileGeometry(query)
                .orElseThrow(() -> InvalidConfigurationException.of(
                        "srid", "this warehouse cannot bring SRID " + source.srid() + " to EPSG:4326 for tiles"));
        String filter = dialect.tileFilter(query)
                .orElseThrow(() -> new ConnectionException(
                        ErrorCategory.UNSUPPORTED,
                        "this warehouse cannot find the rows on a tile for SRID " + source.srid()));
        String select = "select " + selectList(dialect, source, geometry.expression())
                + " from (" + query.source() + "\n) tile_source where " + filter
                + (query.featureId() == null ? "" : " order by " + query.featureId());
        TileGeometries geometries = new TileGeometries(
                coordinates,
                source.extent(),
                source.buffer(),
                geometry.srid() == 3857 ? TileGeometries.Space.MERCATOR : TileGeometries.Space.DEGREES);
        ClientTile tile = new ClientTile(source);
        try (QueryResult result = client.query(sourceQuery(dialect, source, dialect.limit(select, query.limit())))) {
            requireColumnTypes(source, result.columns());
            int first = source.featureId().isPresent() ? 2 : 1;
            while (result.next()) {
                if (tile.rowsRead == source.maxFeatures()) {
                    tile.truncation = Tile.Truncation.MAX_FEATURES;
                    break;
                }
                tile.rowsRead++;
                Object value = result.value(GEOMETRY_INDEX);
                if (value == null) {
                    continue;
                }
                org.locationtech.jts.geom.Geometry onTile = geometries.toTile(((Geometry) value).toJts());
                if (onTile.isEmpty()) {
                    continue;
                }
                Long id = null;
                if (first == 2 && !result.isNull(1)) {
                    id = result.longValue(1);
                }
                Map<String, Object> properties = new LinkedHashMap<>();
                for (int index = 0; index < source.properties().size(); index++) {
                    Object property = result.value(first + index);
                    if (property != null) {
                        properties.put(source.properties().get(index), property);
                    }
                }
                if (!tile.add(id, onTile, properties)) {
                    break;
                }
            }
        }
        return tile.built();
    }

    /** The geometry, then the feature id when there is one, then the properties. */
    private static String selectList(Dialect dialect, TileSource source, String geometry) {
        StringBuilder list = new StringBuilder(geometry).append(" as ").append(TileQuery.GEOMETRY_ALIAS);
        source.featureId()
                .ifPresent(id -> list.append(", ")
                        .append(dialect.quoteIdentifier(id))
                        .append(" as ")
                        .append(TileQuery.FEATURE_ID_ALIAS));
        for (String property : source.properties()) {
            list.append(", ").append(dialect.quoteIdentifier(property));
        }
        return list.toString();
    }

    private static void requireColumnTypes(TileSource source, List<Column> columns) {
        if (columns.get(GEOMETRY_INDEX).type() != ColumnType.GEOMETRY) {
            throw InvalidConfigurationException.of(
                    "geometryColumn",
                    source.geometryColumn() + " is "
                            + columns.get(GEOMETRY_INDEX).nativeType() + ", not a geometry");
        }
        if (source.featureId().isPresent() && columns.get(1).type() != ColumnType.INTEGER) {
            throw InvalidConfigurationException.of(
                    "featureId",
                    source.featureId().get() + " is " + columns.get(1).nativeType() + ", not an integer");
        }
    }

    /** The source's SQL, its named parameters already written as the warehouse binds them. */
    private static String sourceSql(Dialect dialect, TileSource source) {
        return switch (source.kind()) {
            case TABLE, SPATIAL_INDEX -> "select * from " + dialect.qualifiedName(source.table());
            case QUERY ->
                source.query().orElseThrow().resolve(dialect.lexicalRules()).sql();
        };
    }

    /** The statement with the source query's parameters and limits, or a plain statement for a table. */
    private static Query sourceQuery(Dialect dialect, TileSource source, String statement) {
        return source.query()
                .map(query -> query.resolve(dialect.lexicalRules()).withSql(statement))
                .orElseGet(() -> Query.sql(statement));
    }

    private static String fieldType(ColumnType type) {
        return switch (type) {
            case INTEGER, DECIMAL, FLOAT -> "Number";
            case BOOLEAN -> "Boolean";
            default -> "String";
        };
    }

    /** RFC 9110 §13.1.2: {@code If-None-Match} compares weakly, and {@code *} matches any tile. */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",", -1)) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A tile's bytes and what was put in them. */
    static final class Built {
        private final byte[] bytes;
        private final int featureCount;
        private final Tile.Truncation truncation;
        private final Tile.Encoder encoder;

        Built(byte[] bytes, int featureCount, Tile.Truncation truncation, Tile.Encoder encoder) {
            this.bytes = bytes;
            this.featureCount = featureCount;
            this.truncation = truncation;
            this.encoder = encoder;
        }
    }

    /** Features encoded as they are read, kept so that the last one can be taken out when it overflows the bytes. */
    static final class ClientTile {
        private final TileSource source;
        private final List<Feature> features = new ArrayList<>();
        private VectorTileWriter writer = new VectorTileWriter();
        private VectorTileWriter.Layer layer;
        int rowsRead;
        Tile.Truncation truncation = Tile.Truncation.NONE;

        ClientTile(TileSource source) {
            this.source = source;
            this.layer = writer.layer(source.layerName(), source.extent());
        }

        /** Adds a feature; false when it would make the tile too large, which is then left without it. */
        boolean add(@Nullable Long id, org.locationtech.jts.geom.Geometry geometry, Map<String, Object> properties) {
            if (!layer.addFeature(id, geometry, properties)) {
                return true;
            }
            if (writer.size() > source.maxBytes()) {
                writer = new VectorTileWriter();
                layer = writer.layer(source.layerName(), source.extent());
                for (Feature kept : features) {
                    layer.addFeature(kept.id, kept.geometry, kept.properties);
                }
                truncation = Tile.Truncation.MAX_BYTES;
                return false;
            }
            features.add(new Feature(id, geometry, properties));
            return true;
        }

        Built built() {
            byte[] bytes = layer.featureCount() == 0 ? new byte[0] : writer.toByteArray();
            return new Built(bytes, layer.featureCount(), truncation, Tile.Encoder.CLIENT);
        }
    }

    private record Feature(
            @Nullable Long id, org.locationtech.jts.geom.Geometry geometry, Map<String, Object> properties) {}
}
