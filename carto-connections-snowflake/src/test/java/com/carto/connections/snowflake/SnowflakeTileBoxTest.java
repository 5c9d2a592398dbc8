package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.SphericalShapes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** The polygon a Snowflake tile filter writes holds its whole box, though a GEOGRAPHY's edges are great-circle arcs. */
class SnowflakeTileBoxTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({
        // A southern tile: its northern edge is where arcs bow into the box.
        "-0.703125, -66.79, 45.703125, -40.70",
        // A northern tile: its southern edge.
        "-0.703125, 40.70, 45.703125, 66.79",
        // The top row of the map, and the equator.
        "-180, 84.9, -90, 85.0511287798066",
        "90, -10, 180, 10",
        "-180, -85.0511287798066, -60.5, -84.9"
    })
    void everyPointOfTheBoxEdgesIsInThePolygon(double west, double south, double east, double north)
            throws ParseException {
        Geometry polygon = new WKTReader().read(SnowflakeDialect.boxPolygon(west, south, east, north));
        List<Coordinate> missed = new ArrayList<>();
        int samples = 2000;
        for (int index = 0; index <= samples; index++) {
            double longitude = west + (east - west) * index / samples;
            double latitude = south + (north - south) * index / samples;
            for (Coordinate edge : List.of(
                    new Coordinate(longitude, north),
                    new Coordinate(longitude, south),
                    new Coordinate(west, latitude),
                    new Coordinate(east, latitude))) {
                if (!SphericalShapes.intersects(polygon, FACTORY.createPoint(edge))) {
                    missed.add(edge);
                }
            }
        }

        assertThat(missed).as("points of the box outside its polygon").isEmpty();
    }
}
