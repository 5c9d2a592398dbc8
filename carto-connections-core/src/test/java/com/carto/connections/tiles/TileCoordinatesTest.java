package com.carto.connections.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Envelope;

class TileCoordinatesTest {
    /** π times the WGS 84 semi-major axis, written out as EPSG:3857's bounds give it. */
    private static final double HALF_WORLD = 20_037_508.342789244;

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @CsvSource({"0,0,0", "1,1,1", "2,3,0", "24,16777215,16777215", "24,0,16777215"})
    void coordinatesInsideThePyramidAreAccepted(int z, int x, int y) {
        assertThat(new TileCoordinates(z, x, y)).hasToString(z + "/" + x + "/" + y);
    }

    @ParameterizedTest(name = "{0}/{1}/{2} names {3}")
    @CsvSource({
        "-1,0,0,z",
        "25,0,0,z",
        "2,-1,0,x",
        "2,4,0,x",
        "2,0,-1,y",
        "2,0,4,y",
        "0,1,0,x",
        "24,16777216,0,x",
        "24,0,16777216,y"
    })
    void coordinatesOutsideThePyramidAreRefusedNamingTheCoordinate(int z, int x, int y, String field) {
        assertRefused(() -> new TileCoordinates(z, x, y), field);
    }

    @Test
    void theWholeWorldIsTheWebMercatorSquare() {
        Envelope world = new TileCoordinates(0, 0, 0).mercatorEnvelope();

        assertThat(world.getMinX()).isCloseTo(-HALF_WORLD, within(1e-6));
        assertThat(world.getMaxX()).isCloseTo(HALF_WORLD, within(1e-6));
        assertThat(world.getMinY()).isCloseTo(-HALF_WORLD, within(1e-6));
        assertThat(world.getMaxY()).isCloseTo(HALF_WORLD, within(1e-6));
    }

    @Test
    void rowsGrowSouthAndColumnsGrowEast() {
        Envelope southEast = new TileCoordinates(1, 1, 1).mercatorEnvelope();

        assertThat(southEast.getMinX()).isCloseTo(0, within(1e-6));
        assertThat(southEast.getMaxX()).isCloseTo(HALF_WORLD, within(1e-6));
        assertThat(southEast.getMinY()).isCloseTo(-HALF_WORLD, within(1e-6));
        assertThat(southEast.getMaxY()).isCloseTo(0, within(1e-6));
    }

    @Test
    void aBufferGrowsTheTileByItsShareOfTheExtentOnEverySide() {
        Envelope buffered = new TileCoordinates(1, 0, 0).mercatorEnvelope(4096, 64);

        double margin = HALF_WORLD * 64 / 4096;
        assertThat(buffered.getMinX()).isCloseTo(-HALF_WORLD - margin, within(1e-6));
        assertThat(buffered.getMaxX()).isCloseTo(margin, within(1e-6));
        assertThat(buffered.getMaxY()).isCloseTo(HALF_WORLD + margin, within(1e-6));
    }

    @Test
    void theMaximumLatitudeIsWhereWebMercatorsSquareEnds() {
        assertThat(TileCoordinates.MAX_LATITUDE).isCloseTo(85.0511287798, within(1e-9));
    }

    @Test
    void inDegreesABufferedTileIsClampedToTheWorldAndNeverWrapsTheAntimeridian() {
        Envelope degrees = new TileCoordinates(0, 0, 0).degreesEnvelope(4096, 64);

        assertThat(degrees.getMinX()).isEqualTo(-180);
        assertThat(degrees.getMaxX()).isEqualTo(180);
        assertThat(degrees.getMinY()).isCloseTo(-85.0511287798, within(1e-9));
        assertThat(degrees.getMaxY()).isCloseTo(85.0511287798, within(1e-9));
    }

    @Test
    void inDegreesAnInnerTileKeepsItsBufferOnBothSides() {
        // z2, x1, y1: longitudes -90..0, latitudes 0..66.51326°, grown by 64/4096 of the tile's width.
        Envelope degrees = new TileCoordinates(2, 1, 1).degreesEnvelope(4096, 64);

        assertThat(degrees.getMinX()).isCloseTo(-90 - 90.0 * 64 / 4096, within(1e-9));
        assertThat(degrees.getMaxX()).isCloseTo(90.0 * 64 / 4096, within(1e-9));
        // The buffer is 1/64 of the tile, 1/256 of the world's height: π/128 in Mercator's angle.
        assertThat(degrees.getMinY()).isCloseTo(-Math.toDegrees(Math.atan(Math.sinh(Math.PI / 128))), within(1e-9));
        assertThat(degrees.getMaxY())
                .isCloseTo(Math.toDegrees(Math.atan(Math.sinh(Math.PI / 2 + Math.PI / 128))), within(1e-9));
    }

    @ParameterizedTest(name = "extent {0}, buffer {1} names {2}")
    @CsvSource({"0,0,extent", "65537,0,extent", "4096,-1,buffer", "4096,4097,buffer"})
    void anExtentOrBufferOutsideItsRangeIsRefusedNamingIt(int extent, int buffer, String field) {
        assertRefused(() -> new TileCoordinates(0, 0, 0).mercatorEnvelope(extent, buffer), field);
    }

    @ParameterizedTest(name = "extent {0}, buffer {1}")
    @CsvSource({"1,0", "1,1", "65536,65536", "4096,0"})
    void theBoundariesOfExtentAndBufferAreAccepted(int extent, int buffer) {
        assertThat(new TileCoordinates(0, 0, 0).mercatorEnvelope(extent, buffer).getWidth())
                .isGreaterThan(0);
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidConfigurationException.class, failure -> {
            assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
            assertThat(failure.problems())
                    .singleElement()
                    .extracting(InvalidConfigurationException.Problem::property)
                    .isEqualTo(field);
        });
    }
}
