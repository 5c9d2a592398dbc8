package com.carto.connections.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class SphericalShapesTest {
    @Test
    void anEdgeAcrossTheAntimeridianMeetsBoxesAtBothEndsOfTheMapAndNoneBetween() throws ParseException {
        Geometry crossing = shape("LINESTRING(179 10, -179 10)");

        assertThat(SphericalShapes.intersectsBox(crossing, 179.5, 0, 180, 20)).isTrue();
        assertThat(SphericalShapes.intersectsBox(crossing, -180, 0, -179.5, 20)).isTrue();
        assertThat(SphericalShapes.intersectsBox(crossing, 0, 0, 10, 20)).isFalse();
    }

    @Test
    void aShapeTouchingOneEighthyMeetsABoxAtMinusOneEighty() throws ParseException {
        Geometry east = shape("POLYGON((170 0, 180 0, 180 10, 170 10, 170 0))");

        assertThat(SphericalShapes.intersectsBox(east, -180, 2, -175, 8)).isTrue();
        assertThat(SphericalShapes.intersectsBox(east, -179, 2, -175, 8)).isFalse();
    }

    @Test
    void anEdgeAlongAParallelBowsTowardsThePole() throws ParseException {
        // The great circle through (0 60) and (60 60) rises to about 63.4° half-way.
        Geometry edge = shape("LINESTRING(0 60, 60 60)");

        assertThat(SphericalShapes.intersectsBox(edge, 29, 63, 31, 64)).isTrue();
        assertThat(SphericalShapes.intersectsBox(edge, 29, 63.5, 31, 64)).isFalse();
    }

    @Test
    void aBoxWhoseWestIsEastOfItsEastWrapsAroundTheAntimeridian() throws ParseException {
        Geometry point = shape("POINT(-179 5)");

        assertThat(SphericalShapes.intersectsBox(point, 170, 0, -170, 10)).isTrue();
        assertThat(SphericalShapes.intersectsBox(point, -170, 0, 170, 10)).isFalse();
    }

    @Test
    void aPolygonAroundAPoleIsRefused() throws ParseException {
        Geometry cap = shape("POLYGON((0 80, 120 80, -120 80, 0 80))");

        assertThatThrownBy(() -> SphericalShapes.intersectsBox(cap, 0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pole");
    }

    private static Geometry shape(String wkt) throws ParseException {
        return new WKTReader().read(wkt);
    }
}
