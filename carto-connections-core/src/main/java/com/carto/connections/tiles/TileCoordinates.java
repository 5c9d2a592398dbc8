package com.carto.connections.tiles;

import com.carto.connections.error.InvalidConfigurationException;
import org.locationtech.jts.geom.Envelope;

/**
 * One tile of the Web Mercator pyramid (EPSG:3857, the XYZ scheme: {@code x} grows east from the antimeridian,
 * {@code y} grows south from the top of the map).
 *
 * <p>Coordinates usually come straight from a map client's URL, so every one is checked here and a bad one fails
 * with an {@link InvalidConfigurationException} naming it: {@code z} outside 0–{@value #MAX_ZOOM}, {@code x} or
 * {@code y} outside {@code [0, 2^z)}.
 *
 * @param z the zoom level
 * @param x the column, from the west
 * @param y the row, from the north
 */
public record TileCoordinates(int z, int x, int y) {
    /**
     * The deepest zoom accepted: at 24 a 4096-unit tile's unit is under a millimetre at the equator, and {@code 2^z}
     * still fits an {@code int} with room to spare.
     */
    public static final int MAX_ZOOM = 24;

    /** Half the width of the Web Mercator square, in metres: π times the WGS 84 semi-major axis. */
    static final double HALF_WORLD = Math.PI * 6_378_137.0;

    /** The latitude at which Web Mercator's square ends: {@code atan(sinh(π))} in degrees. */
    public static final double MAX_LATITUDE = Math.toDegrees(Math.atan(Math.sinh(Math.PI)));

    public TileCoordinates {
        if (z < 0 || z > MAX_ZOOM) {
            throw InvalidConfigurationException.of("z", "must be between 0 and " + MAX_ZOOM + " but was " + z);
        }
        int tiles = 1 << z;
        if (x < 0 || x >= tiles) {
            throw InvalidConfigurationException.of(
                    "x", "must be between 0 and " + (tiles - 1) + " at zoom " + z + " but was " + x);
        }
        if (y < 0 || y >= tiles) {
            throw InvalidConfigurationException.of(
                    "y", "must be between 0 and " + (tiles - 1) + " at zoom " + z + " but was " + y);
        }
    }

    /** The tile's square in EPSG:3857 metres. */
    public Envelope mercatorEnvelope() {
        double size = tileSize();
        double minX = -HALF_WORLD + x * size;
        double maxY = HALF_WORLD - y * size;
        return new Envelope(minX, minX + size, maxY - size, maxY);
    }

    /**
     * The tile's square grown by {@code buffer} units of a tile {@code extent} units wide on every side, in
     * EPSG:3857 metres. Beyond the world's edges it is not cut: a caller that needs the world's part clamps it.
     */
    public Envelope mercatorEnvelope(int extent, int buffer) {
        requireExtentAndBuffer(extent, buffer);
        Envelope envelope = mercatorEnvelope();
        envelope.expandBy(tileSize() * buffer / extent);
        return envelope;
    }

    /**
     * The buffered tile in degrees (EPSG:4326, longitude as x), for pushing the tile's filter down to a column in
     * degrees: latitudes clamped to ±{@link #MAX_LATITUDE}, longitudes to ±180 (a buffer never wraps to the other
     * side of the antimeridian: what lies there is drawn in the tiles at the other end of the row).
     */
    public Envelope degreesEnvelope(int extent, int buffer) {
        Envelope metres = mercatorEnvelope(extent, buffer);
        double west = Math.max(-180, longitude(metres.getMinX()));
        double east = Math.min(180, longitude(metres.getMaxX()));
        double south = latitude(Math.max(-HALF_WORLD, metres.getMinY()));
        double north = latitude(Math.min(HALF_WORLD, metres.getMaxY()));
        return new Envelope(west, east, south, north);
    }

    /** The tile's width in EPSG:3857 metres. */
    double tileSize() {
        return 2 * HALF_WORLD / (1 << z);
    }

    static void requireExtentAndBuffer(int extent, int buffer) {
        if (extent < 1 || extent > VectorTileWriter.MAX_EXTENT) {
            throw InvalidConfigurationException.of(
                    "extent", "must be between 1 and " + VectorTileWriter.MAX_EXTENT + " but was " + extent);
        }
        if (buffer < 0 || buffer > extent) {
            throw InvalidConfigurationException.of(
                    "buffer", "must be between 0 and the extent (" + extent + ") but was " + buffer);
        }
    }

    static double longitude(double mercatorX) {
        return Math.toDegrees(mercatorX / HALF_WORLD * Math.PI);
    }

    static double latitude(double mercatorY) {
        return Math.toDegrees(Math.atan(Math.sinh(mercatorY / HALF_WORLD * Math.PI)));
    }

    @Override
    public String toString() {
        return z + "/" + x + "/" + y;
    }
}
