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

    /** Where a source's rows come from. */
    public enum Kind {
        TABLE,
        QUERY
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
    }

    /**
     * A table by its name's parts, e.g. {@code ["public", "parcels"]}, drawn from its {@code geometryColumn}, in
     * EPSG:4326 unless {@link #srid} says otherwise.
     */
    public static TileSource table(List<String> table, String geometryColumn) {
        requireNonNull(table, "table is null");
        if (table.isEmpty() || table.size() > 3) {
            throw InvalidConfigurationException.of(
                    "table", "must have one to three name parts but had " + table.size());
        }
        for (String part : table) {
            requireName("table", part);
        }
        return new TileSource(
                new Draft(Kind.TABLE, List.copyOf(table), null, requireName("geometryColumn", geometryColumn)));
    }

    /**
     * A query with its bound parameters, drawn from the result's {@code geometryColumn}. Its timeout and maximum bytes
     * apply to every tile; its maximum rows are replaced by the tile's {@link #maxFeatures}.
     */
    public static TileSource query(Query query, String geometryColumn) {
        requireNonNull(query, "query is null");
        return new TileSource(new Draft(Kind.QUERY, List.of(), query, requireName("geometryColumn", geometryColumn)));
    }

    /** The spatial reference of the geometry column: 4326 (degrees), 3857, or one the warehouse can transform. */
    public TileSource srid(int newSrid) {
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
        return with(draft -> draft.featureId = requireName("featureId", column));
    }

    /** The columns that become feature properties, in this order. */
    public TileSource properties(String... columns) {
        return properties(List.of(columns));
    }

    /** The columns that become feature properties, in this order. */
    public TileSource properties(List<String> columns) {
        requireNonNull(columns, "columns is null");
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

    /** How long a caller may keep one of this source's tiles before asking again. */
    public Duration maxAge() {
        return kind == Kind.TABLE ? TABLE_MAX_AGE : QUERY_MAX_AGE;
    }

    @Override
    public String toString() {
        String from = kind == Kind.TABLE ? String.join(".", table) : "query";
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

        Draft(Kind kind, List<String> table, @Nullable Query query, String geometryColumn) {
            this.kind = kind;
            this.table = table;
            this.query = query;
            this.geometryColumn = geometryColumn;
        }
    }

    private static String requireName(String field, @Nullable String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw InvalidConfigurationException.of(field, "must name a column or table (non-empty, no NUL)");
        }
        return name;
    }
}
