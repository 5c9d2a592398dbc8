package com.carto.connections.tiles;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.query.Query;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a map draws from a connection: a table or a query, the geometry column and the columns its features carry, and
 * the limits of each tile. Immutable: every {@code with}-style method returns a new source.
 *
 * <pre>{@code
 * TileSource.table(List.of("public", "parcels"), "geom").srid(27700).featureId("id").properties("zone", "area")
 * TileSource.query(Query.sql("select * from parcels where zone = ?").param("R1"), "geom")
 * TileSource.spatialIndex(List.of("census_quadbin"), "quadbin", TileSource.IndexType.QUADBIN, 18)
 *         .aggregates(CellAggregate.sum("population", "pop"), CellAggregate.count("cells"))
 * }</pre>
 *
 * <p>Only the listed {@link #properties} become feature properties, so a source never shows a column nobody chose.
 * Names are bound as quoted identifiers, never spliced into SQL as text.
 */
public final class TileSource {
    /** How many features a tile holds at most unless the source says otherwise. */
    public static final int DEFAULT_MAX_FEATURES = 50_000;
    /** How many bytes a tile holds at most unless the source says otherwise: 500 KiB, the size maps still draw well. */
    public static final int DEFAULT_MAX_BYTES = 500 * 1024;
    /** The zoom levels a source serves unless it says otherwise. */
    public static final int DEFAULT_MIN_ZOOM = 0;

    public static final int DEFAULT_MAX_ZOOM = 22;
    /** How long a caller may keep a table's tile before asking again (the table may change under it). */
    public static final Duration TABLE_MAX_AGE = Duration.ofMinutes(5);
    /** How long a caller may keep a query's tile: queries often read what changes, so less than a table's. */
    public static final Duration QUERY_MAX_AGE = Duration.ofMinutes(1);

    private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** How many levels finer than a tile its spatial-index cells are drawn unless the source says otherwise. */
    public static final int DEFAULT_AGGREGATION_LEVELS = 6;
    /** The most levels finer than a tile cells may be drawn: 256 × 256 cells, more than a tile's features. */
    public static final int MAX_AGGREGATION_LEVELS = 8;

    /** Where a source's rows come from. */
    public enum Kind {
        TABLE,
        QUERY,
        /** A table of spatial-index cells, drawn as squares with numbers gathered from the cells under them. */
        SPATIAL_INDEX
    }

    /** The spatial index a cell column holds. */
    public enum IndexType {
        /** CARTO's Quadbin: Web Mercator tiles as 64-bit integers, resolutions 0 to 26 ({@link Quadbin}). */
        QUADBIN,
        /**
         * Uber's H3: hexagons as 64-bit integers, resolutions 0 to 15 ({@link H3Index}). Needs the H3 library,
         * {@code com.uber:h3}, which the application adds: without it such a source is refused.
         */
        H3
    }

    private final Kind kind;
    private final List<String> table;
    private final @Nullable Query query;
    private final String geometryColumn;
    private final int srid;
    private final @Nullable String featureId;
    private final List<String> properties;
    private final String layerName;
    private final int extent;
    private final int buffer;
    private final int maxFeatures;
    private final int maxBytes;
    private final int minZoom;
    private final int maxZoom;
    private final boolean clientSide;
    private final @Nullable IndexType indexType;
    private final int resolution;
    private final List<CellAggregate> aggregates;
    private final int aggregationLevels;

    private TileSource(Draft draft) {
        this.kind = draft.kind;
        this.table = draft.table;
        this.query = draft.query;
        this.geometryColumn = draft.geometryColumn;
        this.srid = draft.srid;
        this.featureId = draft.featureId;
        this.properties = draft.properties;
        this.layerName = draft.layerName;
        this.extent = draft.extent;
        this.buffer = draft.buffer;
        this.maxFeatures = draft.maxFeatures;
        this.maxBytes = draft.maxBytes;
        this.minZoom = draft.minZoom;
        this.maxZoom = draft.maxZoom;
        this.clientSide = draft.clientSide;
        this.indexType = draft.indexType;
        this.resolution = draft.resolution;
        this.aggregates = draft.aggregates;
        this.aggregationLevels = draft.aggregationLevels;
    }

    /**
     * A table by its name's parts, e.g. {@code ["public", "parcels"]}, drawn from its {@code geometryColumn}, in
     * EPSG:4326 unless {@link #srid} says otherwise.
     */
    public static TileSource table(List<String> table, String geometryColumn) {
        return new TileSource(
                new Draft(Kind.TABLE, requireTable(table), null, requireName("geometryColumn", geometryColumn)));
    }

    /**
     * A query with its bound parameters, drawn from the result's {@code geometryColumn}. Its timeout and maximum bytes
     * apply to every tile; its maximum rows are replaced by the tile's {@link #maxFeatures}.
     */
    public static TileSource query(Query query, String geometryColumn) {
        requireNonNull(query, "query is null");
        return new TileSource(new Draft(Kind.QUERY, List.of(), query, requireName("geometryColumn", geometryColumn)));
    }

    /**
     * A table of spatial-index cells: {@code cellColumn} holds one cell of {@code indexType} at {@code resolution} per
     * row (rows with cells of another resolution are on no tile). Each tile draws the cells of a coarser resolution
     * that depends on its zoom ({@link #aggregationLevels}), every one with the {@link #aggregates} of the source
     * cells under it as properties, computed by the warehouse; the drawn cell's integer is the feature's id.
     *
     * @throws InvalidConfigurationException naming {@code resolution} when it is outside the index's (Quadbin 0–26,
     *     H3 0–15), or {@code indexType} for H3 when the H3 library is missing
     */
    public static TileSource spatialIndex(List<String> table, String cellColumn, IndexType indexType, int resolution) {
        requireNonNull(indexType, "indexType is null");
        switch (indexType) {
            case QUADBIN -> Quadbin.requireResolution("resolution", resolution);
            case H3 -> {
                H3Index.requireResolution("resolution", resolution);
                H3Index.requireLibrary(TileSource.class.getClassLoader());
            }
        }
        Draft draft = new Draft(Kind.SPATIAL_INDEX, requireTable(table), null, requireName("cellColumn", cellColumn));
        draft.indexType = indexType;
        draft.resolution = resolution;
        return new TileSource(draft);
    }

    /**
     * The numbers each drawn cell of a spatial-index source carries, in this order; names are distinct. None (the
     * default) draws the cells alone.
     */
    public TileSource aggregates(CellAggregate... newAggregates) {
        return aggregates(List.of(newAggregates));
    }

    /** The numbers each drawn cell of a spatial-index source carries, in this order; names are distinct. */
    public TileSource aggregates(List<CellAggregate> newAggregates) {
        requireNonNull(newAggregates, "aggregates is null");
        requireKind(Kind.SPATIAL_INDEX, "aggregates");
        if (newAggregates.stream().map(CellAggregate::name).distinct().count() != newAggregates.size()) {
            throw InvalidConfigurationException.of("aggregates", "must not use a name twice");
        }
        return with(draft -> draft.aggregates = List.copyOf(newAggregates));
    }

    /**
     * How many levels finer than the tile a spatial-index source's cells are drawn: a tile at zoom {@code z} shows the
     * cells of resolution {@code min(resolution, z + levels)}, up to {@code 4^levels} of them. The default, 6, draws 64
     * × 64 cells a tile, each 64 units of a 4096-unit tile (16 pixels of a 256-pixel tile), as CARTO's maps do for
     * Quadbin; 0 to {@value #MAX_AGGREGATION_LEVELS}. H3 cells have seven children, not four: an H3 source draws the
     * resolution {@code min(resolution, floor((z + levels) × log 4 / log 7) − 2)}, cells of about the area of
     * Quadbin's (resolution 2 at zoom 0 with the default, some 5,900 cells on the world's tile).
     */
    public TileSource aggregationLevels(int levels) {
        requireKind(Kind.SPATIAL_INDEX, "aggregationLevels");
        if (levels < 0 || levels > MAX_AGGREGATION_LEVELS) {
            throw InvalidConfigurationException.of(
                    "aggregationLevels", "must be between 0 and " + MAX_AGGREGATION_LEVELS + " but was " + levels);
        }
        return with(draft -> draft.aggregationLevels = levels);
    }

    /** The spatial reference of the geometry column: 4326 (degrees), 3857, or one the warehouse can transform. */
    public TileSource srid(int newSrid) {
        requireGeometrySource("srid");
        if (newSrid <= 0) {
            throw InvalidConfigurationException.of("srid", "must be a positive EPSG code but was " + newSrid);
        }
        return with(draft -> draft.srid = newSrid);
    }

    /**
     * An integer column whose values become the features' ids; features are then taken in its order, so a tile cut
     * short by {@link #maxFeatures} always keeps the same ones.
     */
    public TileSource featureId(String column) {
        requireGeometrySource("featureId");
        return with(draft -> draft.featureId = requireName("featureId", column));
    }

    /** The columns that become feature properties, in this order. */
    public TileSource properties(String... columns) {
        return properties(List.of(columns));
    }

    /** The columns that become feature properties, in this order. */
    public TileSource properties(List<String> columns) {
        requireNonNull(columns, "columns is null");
        requireGeometrySource("properties");
        for (String column : columns) {
            requireName("properties", column);
        }
        if (columns.stream().distinct().count() != columns.size()) {
            throw InvalidConfigurationException.of("properties", "must not name a column twice");
        }
        return with(draft -> draft.properties = List.copyOf(columns));
    }

    /** The name of the tile's one layer: 1 to 64 letters, digits, {@code _ . -}; {@code default} unless set. */
    public TileSource layerName(String name) {
        requireNonNull(name, "layerName is null");
        if (!LAYER_NAME.matcher(name).matches()) {
            throw InvalidConfigurationException.of(
                    "layerName", "must be 1 to 64 letters, digits, '_', '.' or '-' but was " + name);
        }
        return with(draft -> draft.layerName = name);
    }

    /** The tile's width in units ({@value VectorTileWriter#DEFAULT_EXTENT}) and the buffer kept around it (64). */
    public TileSource extent(int newExtent, int newBuffer) {
        TileCoordinates.requireExtentAndBuffer(newExtent, newBuffer);
        return with(draft -> {
            draft.extent = newExtent;
            draft.buffer = newBuffer;
        });
    }

    /** At most this many features in a tile; the tile says when it was cut short. */
    public TileSource maxFeatures(int features) {
        if (features < 1) {
            throw InvalidConfigurationException.of("maxFeatures", "must be positive but was " + features);
        }
        return with(draft -> draft.maxFeatures = features);
    }

    /** At most this many bytes in a tile; features beyond are left out and the tile says so. */
    public TileSource maxBytes(int bytes) {
        if (bytes < 1024) {
            throw InvalidConfigurationException.of("maxBytes", "must be at least 1024 but was " + bytes);
        }
        return with(draft -> draft.maxBytes = bytes);
    }

    /** The zoom levels served; a tile outside them is refused. */
    public TileSource zooms(int min, int max) {
        if (min < 0 || max > TileCoordinates.MAX_ZOOM || min > max) {
            throw InvalidConfigurationException.of(
                    "zooms",
                    "must satisfy 0 <= min <= max <= " + TileCoordinates.MAX_ZOOM + " but were " + min + ".." + max);
        }
        return with(draft -> {
            draft.minZoom = min;
            draft.maxZoom = max;
        });
    }

    /**
     * Builds tiles in the SDK even where the warehouse could build them itself; for comparing the two, or where the
     * warehouse's own encoder is not wanted.
     */
    public TileSource builtByClient() {
        return with(draft -> draft.clientSide = true);
    }

    public Kind kind() {
        return kind;
    }

    /** The table's name parts; empty for a query source. */
    public List<String> table() {
        return table;
    }

    /** The query; empty for a table source. */
    public Optional<Query> query() {
        return Optional.ofNullable(query);
    }

    /** The geometry column; for a spatial-index source, the cell column. */
    public String geometryColumn() {
        return geometryColumn;
    }

    public int srid() {
        return srid;
    }

    public Optional<String> featureId() {
        return Optional.ofNullable(featureId);
    }

    public List<String> properties() {
        return properties;
    }

    public String layerName() {
        return layerName;
    }

    public int extent() {
        return extent;
    }

    public int buffer() {
        return buffer;
    }

    public int maxFeatures() {
        return maxFeatures;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public int minZoom() {
        return minZoom;
    }

    public int maxZoom() {
        return maxZoom;
    }

    public boolean isBuiltByClient() {
        return clientSide;
    }

    /** A spatial-index source's index; empty for a table or query. */
    public Optional<IndexType> indexType() {
        return Optional.ofNullable(indexType);
    }

    /** A spatial-index source's cell resolution; 0 for a table or query. */
    public int resolution() {
        return resolution;
    }

    public List<CellAggregate> aggregates() {
        return aggregates;
    }

    public int aggregationLevels() {
        return aggregationLevels;
    }

    /** How long a caller may keep one of this source's tiles before asking again. */
    public Duration maxAge() {
        return kind == Kind.QUERY ? QUERY_MAX_AGE : TABLE_MAX_AGE;
    }

    @Override
    public String toString() {
        String from = kind == Kind.QUERY ? "query" : String.join(".", table);
        if (kind == Kind.SPATIAL_INDEX) {
            return "TileSource[" + from + ", " + indexType + " cells " + geometryColumn + " at resolution " + resolution
                    + ", layer " + layerName + "]";
        }
        return "TileSource[" + from + ", geometry " + geometryColumn + ", srid " + srid + ", layer " + layerName + "]";
    }

    private TileSource with(Consumer<Draft> change) {
        Draft draft = new Draft(kind, table, query, geometryColumn);
        draft.srid = srid;
        draft.featureId = featureId;
        draft.properties = properties;
        draft.layerName = layerName;
        draft.extent = extent;
        draft.buffer = buffer;
        draft.maxFeatures = maxFeatures;
        draft.maxBytes = maxBytes;
        draft.minZoom = minZoom;
        draft.maxZoom = maxZoom;
        draft.clientSide = clientSide;
        draft.indexType = indexType;
        draft.resolution = resolution;
        draft.aggregates = aggregates;
        draft.aggregationLevels = aggregationLevels;
        change.accept(draft);
        return new TileSource(draft);
    }

    /** A source's settings while one of them changes. */
    private static final class Draft {
        private final Kind kind;
        private final List<String> table;
        private final @Nullable Query query;
        private final String geometryColumn;
        private int srid = 4326;
        private @Nullable String featureId;
        private List<String> properties = List.of();
        private String layerName = "default";
        private int extent = VectorTileWriter.DEFAULT_EXTENT;
        private int buffer = 64;
        private int maxFeatures = DEFAULT_MAX_FEATURES;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private int minZoom = DEFAULT_MIN_ZOOM;
        private int maxZoom = DEFAULT_MAX_ZOOM;
        private boolean clientSide;
        private @Nullable IndexType indexType;
        private int resolution;
        private List<CellAggregate> aggregates = List.of();
        private int aggregationLevels = DEFAULT_AGGREGATION_LEVELS;

        Draft(Kind kind, List<String> table, @Nullable Query query, String geometryColumn) {
            this.kind = kind;
            this.table = table;
            this.query = query;
            this.geometryColumn = geometryColumn;
        }
    }

    private void requireKind(Kind wanted, String field) {
        if (kind != wanted) {
            throw InvalidConfigurationException.of(field, "applies to a spatial-index source only");
        }
    }

    private void requireGeometrySource(String field) {
        if (kind == Kind.SPATIAL_INDEX) {
            throw InvalidConfigurationException.of(
                    field,
                    "does not apply to a spatial-index source: its features are its cells, its properties"
                            + " its aggregates");
        }
    }

    private static List<String> requireTable(List<String> table) {
        requireNonNull(table, "table is null");
        if (table.isEmpty() || table.size() > 3) {
            throw InvalidConfigurationException.of(
                    "table", "must have one to three name parts but had " + table.size());
        }
        for (String part : table) {
            requireName("table", part);
        }
        return List.copyOf(table);
    }

    private static String requireName(String field, @Nullable String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw InvalidConfigurationException.of(field, "must name a column or table (non-empty, no NUL)");
        }
        return name;
    }
}
