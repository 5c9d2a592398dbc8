package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.tiles.TileGeometries.Space;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class TileGeometriesTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final TileCoordinates WORLD = new TileCoordinates(0, 0, 0);

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POINT (0 0)|POINT (2048 2048)",
                "POINT (180 0)|POINT (4096 2048)",
                "POINT (-180 0)|POINT (0 2048)",
                "POINT (90 0)|POINT (3072 2048)",
                "POINT (0 85.0511287798)|POINT (2048 0)",
                "POINT (0 -85.0511287798)|POINT (2048 4096)",
                "POINT (0 66.51326044311186)|POINT (2048 1024)"
            })
    void degreesAreProjectedToWebMercatorWithYDown(String source, String expected) {
        assertThat(new TileGeometries(WORLD, 4096, 0, Space.DEGREES).toTile(geometry(source)))
                .isEqualTo(geometry(expected));
    }

    @Test
    void metresAreScaledToTheTile() {
        TileGeometries southEast = new TileGeometries(new TileCoordinates(1, 1, 1), 4096, 0, Space.MERCATOR);

        assertThat(southEast.toTile(geometry("POINT (10018754.171394622 -10018754.171394622)")))
                .isEqualTo(geometry("POINT (2048 2048)"));
    }

    @Test
    void aPointNearerAPoleThanMercatorsEdgeIsOnNoTile() {
        TileGeometries world = new TileGeometries(WORLD, 4096, 64, Space.DEGREES);

        assertThat(world.toTile(geometry("POINT (10 89)")).isEmpty()).isTrue();
        assertThat(world.toTile(geometry("MULTIPOINT ((10 89), (0 0))"))).isEqualTo(geometry("POINT (2048 2048)"));
    }

    @Test
    void aPolygonReachingThePoleFillsTheMapToItsEdge() {
        Geometry antarctica = new TileGeometries(WORLD, 4096, 0, Space.DEGREES)
                .toTile(geometry("POLYGON ((-180 -90, 180 -90, 180 -70, -180 -70, -180 -90))"));

        assertThat(antarctica).isInstanceOf(Polygonal.class);
        assertThat(antarctica.getEnvelopeInternal().getMaxY()).isEqualTo(4096);
        assertThat(antarctica.getEnvelopeInternal().getWidth()).isEqualTo(4096);
    }

    @Test
    void aPolygonLargerThanTheTileIsClippedToTheBufferedTile() {
        Geometry clipped = new TileGeometries(new TileCoordinates(3, 4, 2), 4096, 64, Space.DEGREES)
                .toTile(geometry("POLYGON ((-170 -80, 170 -80, 170 80, -170 80, -170 -80))"));

        assertThat(clipped.getEnvelopeInternal())
                .isEqualTo(new org.locationtech.jts.geom.Envelope(-64, 4160, -64, 4160));
        assertThat(clipped.getArea()).isEqualTo(4224.0 * 4224.0);
    }

    @Test
    void aLineLeavingTheTileEndsAtTheBufferedEdge() {
        Geometry clipped =
                new TileGeometries(WORLD, 4096, 0, Space.MERCATOR).toTile(geometry("LINESTRING (0 0, 40000000 0)"));

        assertThat(clipped).isEqualTo(geometry("LINESTRING (2048 2048, 4096 2048)"));
    }

    @Test
    void aPointInTheBufferIsKeptAndOneBeyondItIsNot() {
        TileGeometries tile = new TileGeometries(new TileCoordinates(1, 0, 0), 4096, 64, Space.MERCATOR);
        double unit = 20037508.342789244 / 4096;

        assertThat(tile.toTile(FACTORY.createPoint(new Coordinate(64 * unit, 0))))
                .isEqualTo(geometry("POINT (4160 4096)"));
        assertThat(tile.toTile(FACTORY.createPoint(new Coordinate(65 * unit, 0)))
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aPolygonThatOnlyTouchesTheTilesEdgeLeavesNothingRatherThanALine() {
        Geometry touching = new TileGeometries(new TileCoordinates(1, 0, 0), 4096, 0, Space.MERCATOR)
                .toTile(geometry("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"));

        assertThat(touching.isEmpty()).isTrue();
        assertThat(touching.getDimension()).isEqualTo(2);
    }

    @Test
    void aPolygonThinnerThanAUnitVanishesWhenSnapped() {
        Geometry sliver = new TileGeometries(WORLD, 4096, 0, Space.MERCATOR)
                .toTile(geometry("POLYGON ((0 0, 9000000 0, 9000000 3000, 0 3000, 0 0))"));

        assertThat(sliver.isEmpty()).isTrue();
    }

    @Test
    void aSelfIntersectingPolygonCrossingTheEdgeIsRepairedNotRefused() {
        Geometry bowTie = new TileGeometries(new TileCoordinates(1, 0, 0), 4096, 0, Space.MERCATOR)
                .toTile(geometry("POLYGON ((-15000000 5000000, 5000000 15000000, 5000000 5000000, -15000000 15000000,"
                        + " -15000000 5000000))"));

        assertThat(bowTie).isInstanceOf(Polygonal.class);
        assertThat(bowTie.isValid()).isTrue();
        assertThat(bowTie.isEmpty()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"POINT (NaN 1)", "LINESTRING (0 0, 1 NaN)", "POLYGON ((0 0, 1 0, Infinity 1, 0 0))"})
    void aGeometryWithACoordinateThatIsNotFiniteIsLeftOut(String wkt) {
        Geometry source = wkt.startsWith("POINT")
                ? FACTORY.createPoint(new Coordinate(Double.NaN, 1))
                : wkt.startsWith("LINESTRING")
                        ? FACTORY.createLineString(
                                new Coordinate[] {new Coordinate(0, 0), new Coordinate(1, Double.NaN)})
                        : FACTORY.createPolygon(new Coordinate[] {
                            new Coordinate(0, 0),
                            new Coordinate(1, 0),
                            new Coordinate(Double.POSITIVE_INFINITY, 1),
                            new Coordinate(0, 0)
                        });

        assertThat(new TileGeometries(WORLD, 4096, 64, Space.DEGREES)
                        .toTile(source)
                        .isEmpty())
                .isTrue();
    }

    @Test
    void zAndMValuesAreDropped() {
        Geometry flat = new TileGeometries(WORLD, 4096, 0, Space.DEGREES)
                .toTile(geometry("LINESTRING ZM (0 0 10 20, 90 0 30 40)"));

        assertThat(flat).isEqualTo(geometry("LINESTRING (2048 2048, 3072 2048)"));
        assertThat(flat.getCoordinate().getZ()).isNaN();
        assertThat(flat.getCoordinate().getM()).isNaN();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"POINT EMPTY|0", "LINESTRING EMPTY|1", "POLYGON EMPTY|2", "MULTIPOLYGON EMPTY|2"})
    void anEmptyGeometryStaysEmptyOfItsDimension(String wkt, int dimension) {
        Geometry tiled = new TileGeometries(WORLD, 4096, 64, Space.DEGREES).toTile(geometry(wkt));

        assertThat(tiled.isEmpty()).isTrue();
        assertThat(tiled.getDimension()).isEqualTo(dimension);
    }

    @Test
    void aCollectionKeepsItsPartsOfTheHighestDimension() {
        Geometry tiled = new TileGeometries(WORLD, 4096, 0, Space.MERCATOR)
                .toTile(geometry("GEOMETRYCOLLECTION (POINT (0 0), POLYGON ((0 0, 9000000 0, 9000000 9000000, 0 0)))"));

        assertThat(tiled).isInstanceOf(Polygonal.class);
    }

    @ParameterizedTest(name = "extent {0}, buffer {1}")
    @CsvSource({"0,0", "4096,4097", "4096,-1"})
    void anExtentOrBufferOutsideItsRangeIsRefused(int extent, int buffer) {
        assertThatThrownBy(() -> new TileGeometries(WORLD, extent, buffer, Space.DEGREES))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    static Geometry geometry(String wkt) {
        try {
            return new WKTReader(FACTORY).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }
}
