package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Envelope;

/**
 * One tile of a source, as the SDK asks a {@link Dialect} to find or build it. Names are quoted identifiers and the
 * source is SQL ready to be a subquery; everything else is a number, so a dialect can write all of it into SQL text.
 *
 * @param source the source's SQL, ending its own line; its bound parameters keep their order
 * @param geometry the quoted geometry column of the source
 * @param featureId the quoted integer column whose values are the features' ids and order, or null
 * @param properties the quoted columns that become feature properties, in order
 * @param srid the geometry column's spatial reference
 * @param z the zoom
 * @param x the column
 * @param y the row, counted from the north
 * @param extent the tile's width in units
 * @param buffer how far beyond the tile's edges geometries are kept, in units
 * @param mercator the tile grown by the buffer in EPSG:3857 metres, its x clamped to the world
 * @param degrees the tile grown by the buffer in degrees, latitudes clamped to Web Mercator's ±85.0511°
 * @param limit the most rows to read (one more than a tile holds, so that a cut is seen)
 * @param layerName the layer's name: letters, digits, {@code _ . -} only
 */
public record TileQuery(
        String source,
        String geometry,
        @Nullable String featureId,
        List<String> properties,
        int srid,
        int z,
        int x,
        int y,
        int extent,
        int buffer,
        Envelope mercator,
        Envelope degrees,
        int limit,
        String layerName) {
    /** The column the tile's rows name the geometry, drawn or encoded. */
    public static final String GEOMETRY_ALIAS = "carto_tile_geometry";
    /** The column the tile's rows name the feature id. */
    public static final String FEATURE_ID_ALIAS = "carto_tile_feature_id";

    /** Compiled once: a tile query is made for every tile. */
    private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public TileQuery {
        requireNonNull(source, "source is null");
        requireNonNull(geometry, "geometry is null");
        properties = List.copyOf(properties);
        requireNonNull(mercator, "mercator is null");
        requireNonNull(degrees, "degrees is null");
        requireNonNull(layerName, "layerName is null");
        if (!LAYER_NAME.matcher(layerName).matches()) {
            throw new IllegalArgumentException("a layer name is 1 to 64 letters, digits, '_', '.' or '-'");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
