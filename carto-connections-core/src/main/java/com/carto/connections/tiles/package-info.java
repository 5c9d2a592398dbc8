/**
 * Mapbox Vector Tiles (specification 2.1) built on the client: {@link com.carto.connections.tiles.TileCoordinates}
 * checks a z/x/y and gives its envelope (in Web Mercator metres, or in degrees for pushing a tile's filter down),
 * {@link com.carto.connections.tiles.TileGeometries} brings geometries into a tile's units (projected, clipped to the
 * buffered tile, snapped to whole units) and {@link com.carto.connections.tiles.VectorTileWriter} encodes layers of
 * features with their properties. Nothing here talks to a warehouse.
 */
@NullMarked
package com.carto.connections.tiles;

import org.jspecify.annotations.NullMarked;
