package com.carto.connections.tiles;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Brings geometries into one tile's units, as PostGIS's {@code ST_AsMVTGeom} does for the tiles it builds: projected
 * to Web Mercator, scaled to the extent with y down, clipped to the tile grown by the buffer and snapped to whole
 * units, vertices on a straight line dropped: points that fall on one unit merge, and polygons smaller than a square
 * unit vanish. Z and M values are dropped.
 *
 * <p>From degrees, a point nearer a pole than ±{@link TileCoordinates#MAX_LATITUDE} is on no tile (Web Mercator's
 * square ends there), while lines and polygons are clamped to that latitude, so that a polygon reaching the pole
 * (Antarctica) fills the map to its edge instead of failing the tile as a projection to infinity would.
 *
 * <p>A geometry keeps its kind: what clipping leaves of a polygon is polygons, of a line lines, of points points (a
 * polygon touching the tile's edge does not become a line on it).
 */
public final class TileGeometries {
    /** The coordinate reference system a source's geometries are in. */
    public enum Space {
        /** EPSG:4326, longitude as x and latitude as y, in degrees. */
        DEGREES,
        /** EPSG:3857, Web Mercator metres. */
        MERCATOR
    }

    private static final PrecisionModel WHOLE_UNITS = new PrecisionModel(1.0);

    private final Space space;
    private final Envelope tileMetres;
    private final double unitsPerMetre;
    private final Envelope clipUnits;
    private final Geometry clip;
    private final GeometryFactory factory = new GeometryFactory();

    /**
     * @param tile the tile
     * @param extent the tile's width in units (1–{@value VectorTileWriter#MAX_EXTENT})
     * @param buffer how far beyond the tile's edges geometries are kept, in units (0 to the extent)
     * @param space what the geometries given to {@link #toTile} are in
     */
    public TileGeometries(TileCoordinates tile, int extent, int buffer, Space space) {
        requireNonNull(tile, "tile is null");
        TileCoordinates.requireExtentAndBuffer(extent, buffer);
        this.space = requireNonNull(space, "space is null");
        this.tileMetres = tile.mercatorEnvelope();
        this.unitsPerMetre = extent / tile.tileSize();
        this.clipUnits = new Envelope(-buffer, extent + buffer, -buffer, extent + buffer);
        this.clip = factory.toGeometry(clipUnits);
    }

    /**
     * The geometry in tile units, clipped and snapped; an empty geometry when nothing of it lies in the buffered
     * tile, when it has a coordinate that is not a finite number, or when nothing is left after snapping.
     */
    public Geometry toTile(Geometry source) {
        requireNonNull(source, "source is null");
        if (source.isEmpty()) {
            return factory.createEmpty(Math.max(0, source.getDimension()));
        }
        Geometry onTheMap = space == Space.DEGREES && source instanceof Puntal ? withinMercator(source) : source;
        if (onTheMap.isEmpty()) {
            return factory.createEmpty(0);
        }
        Projection projection = new Projection();
        Geometry projected = projection.transform(onTheMap);
        if (projection.notFinite) {
            return factory.createEmpty(source.getDimension());
        }
        Geometry clipped = clip(projected);
        if (clipped.isEmpty()) {
            return clipped;
        }
        Geometry reduced = clipped instanceof Polygonal
                ? GeometryPrecisionReducer.reduce(clipped, WHOLE_UNITS)
                : GeometryPrecisionReducer.reducePointwise(clipped, WHOLE_UNITS);
        // Vertices on a straight line between their neighbours say nothing once snapped (ST_AsMVTGeom drops them too).
        Geometry snapped = reduced instanceof Puntal ? reduced : DouglasPeuckerSimplifier.simplify(reduced, 0);
        if (snapped instanceof Puntal) {
            return distinctPoints(snapped);
        }
        Geometry kept = ofDimension(snapped, source.getDimension());
        return kept instanceof Polygonal ? withoutSubUnitPolygons(kept) : kept;
    }

    /**
     * The polygons of at least one square unit: a smaller one covers no whole pixel of the tile, and PostGIS's clipping
     * (wagyu) leaves such slivers out too.
     */
    private Geometry withoutSubUnitPolygons(Geometry polygonal) {
        List<Geometry> kept = new ArrayList<>();
        for (int index = 0; index < polygonal.getNumGeometries(); index++) {
            Geometry polygon = polygonal.getGeometryN(index);
            if (polygon.getArea() >= 1) {
                kept.add(polygon);
            }
        }
        return kept.isEmpty() ? factory.createEmpty(2) : factory.buildGeometry(kept);
    }

    /** Points that snapped onto one unit become one, as PostGIS's {@code ST_AsMVTGeom} leaves them. */
    private Geometry distinctPoints(Geometry puntal) {
        Set<Coordinate> seen = new LinkedHashSet<>();
        for (Coordinate coordinate : puntal.getCoordinates()) {
            seen.add(new Coordinate(coordinate.getX(), coordinate.getY()));
        }
        if (seen.size() == 1) {
            return factory.createPoint(seen.iterator().next());
        }
        return factory.createMultiPointFromCoords(seen.toArray(Coordinate[]::new));
    }

    /** The points Web Mercator can draw: a point nearer a pole than ±85.0511° is on no tile, as in PostGIS. */
    private Geometry withinMercator(Geometry puntal) {
        List<Point> kept = new ArrayList<>();
        for (int index = 0; index < puntal.getNumGeometries(); index++) {
            Point point = (Point) puntal.getGeometryN(index);
            if (!point.isEmpty() && Math.abs(point.getY()) <= TileCoordinates.MAX_LATITUDE) {
                kept.add(point);
            }
        }
        return kept.size() == puntal.getNumGeometries() ? puntal : factory.buildGeometry(kept);
    }

    private Geometry clip(Geometry projected) {
        if (projected instanceof Puntal) {
            List<Point> kept = new ArrayList<>();
            for (int index = 0; index < projected.getNumGeometries(); index++) {
                Point point = (Point) projected.getGeometryN(index);
                // Snapped before it is clipped, as ST_AsMVTGeom does: a point half a unit beyond the buffer's edge is
                // on it.
                if (!point.isEmpty()
                        && clipUnits.covers((double) Math.round(point.getX()), (double) Math.round(point.getY()))) {
                    kept.add(point);
                }
            }
            return factory.buildGeometry(kept);
        }
        Envelope envelope = projected.getEnvelopeInternal();
        if (clipUnits.covers(envelope)) {
            return projected;
        }
        if (!clipUnits.intersects(envelope)) {
            return factory.createEmpty(projected.getDimension());
        }
        Geometry valid = projected.isValid() ? projected : GeometryFixer.fix(projected);
        return ofDimension(OverlayNGRobust.overlay(valid, clip, OverlayNG.INTERSECTION), projected.getDimension());
    }

    /** Only the parts of {@code dimension}, as one geometry: overlay may add lines where a polygon meets an edge. */
    private Geometry ofDimension(Geometry geometry, int dimension) {
        List<Geometry> parts = new ArrayList<>();
        collect(geometry, dimension, parts);
        if (parts.isEmpty()) {
            return factory.createEmpty(dimension);
        }
        return factory.buildGeometry(parts);
    }

    private static void collect(Geometry geometry, int dimension, List<Geometry> parts) {
        if (geometry instanceof GeometryCollection collection) {
            for (int index = 0; index < collection.getNumGeometries(); index++) {
                collect(collection.getGeometryN(index), dimension, parts);
            }
        } else if (!geometry.isEmpty() && geometry.getDimension() == dimension && isSimpleKind(geometry)) {
            parts.add(geometry);
        }
    }

    private static boolean isSimpleKind(Geometry part) {
        return part instanceof Point || part instanceof Lineal || part instanceof Polygon;
    }

    /** Degrees or metres to tile units, two dimensions only; notes a coordinate that is not a finite number. */
    private final class Projection extends GeometryTransformer {
        private boolean notFinite;

        @Override
        protected CoordinateSequence transformCoordinates(CoordinateSequence coordinates, Geometry parent) {
            CoordinateSequence units = factory.getCoordinateSequenceFactory().create(coordinates.size(), 2, 0);
            for (int index = 0; index < coordinates.size(); index++) {
                double x = coordinates.getX(index);
                double y = coordinates.getY(index);
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    notFinite = true;
                }
                if (space == Space.DEGREES) {
                    double latitude =
                            Math.max(-TileCoordinates.MAX_LATITUDE, Math.min(TileCoordinates.MAX_LATITUDE, y));
                    x = x / 180 * TileCoordinates.HALF_WORLD;
                    y = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(latitude) / 2))
                            / Math.PI
                            * TileCoordinates.HALF_WORLD;
                }
                units.setOrdinate(index, CoordinateSequence.X, (x - tileMetres.getMinX()) * unitsPerMetre);
                units.setOrdinate(index, CoordinateSequence.Y, (tileMetres.getMaxY() - y) * unitsPerMetre);
            }
            return units;
        }
    }
}
