package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/** The direct WKB → GeoJSON writer against JTS's own reading of the same WKB, for every geometry type and byte order. */
class WkbGeoJsonProperties {
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 300)
    void writesTheCoordinatesJtsReadsFromTheSameWkb(
            @ForAll("geometries") org.locationtech.jts.geom.Geometry geometry, @ForAll boolean bigEndian)
            throws IOException {
        byte[] wkb = new WKBWriter(2, bigEndian ? ByteOrderValues.BIG_ENDIAN : ByteOrderValues.LITTLE_ENDIAN)
                .write(geometry);
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = ResultValues.JSON.createGenerator(json)) {
            new WkbGeoJson(generator).write(Geometry.ofWkb(wkb, 4326));
        }
        assertMatches(
                MAPPER.readTree(json.toString()), Geometry.ofWkb(wkb, 4326).toJts());
    }

    private static void assertMatches(JsonNode node, org.locationtech.jts.geom.Geometry expected) {
        assertThat(node.get("type").asText()).isEqualTo(expected.getGeometryType());
        if (expected instanceof org.locationtech.jts.geom.GeometryCollection collection
                && expected.getGeometryType().equals("GeometryCollection")) {
            for (int index = 0; index < collection.getNumGeometries(); index++) {
                assertMatches(node.get("geometries").get(index), collection.getGeometryN(index));
            }
            return;
        }
        StringBuilder flat = new StringBuilder();
        flatten(node.get("coordinates"), flat);
        StringBuilder want = new StringBuilder();
        for (Coordinate coordinate : expected.getCoordinates()) {
            want.append(coordinate.getX()).append(' ').append(coordinate.getY()).append(' ');
        }
        assertThat(flat.toString()).isEqualTo(want.toString());
    }

    private static void flatten(JsonNode node, StringBuilder flat) {
        if (node.isArray() && node.size() > 0 && node.get(0).isNumber()) {
            flat.append(node.get(0).asDouble())
                    .append(' ')
                    .append(node.get(1).asDouble())
                    .append(' ');
            return;
        }
        node.forEach(child -> flatten(child, flat));
    }

    @Provide
    Arbitrary<org.locationtech.jts.geom.Geometry> geometries() {
        Arbitrary<org.locationtech.jts.geom.Geometry> simple = Arbitraries.oneOf(point(), line(), polygon());
        Arbitrary<org.locationtech.jts.geom.Geometry> multi = Arbitraries.oneOf(
                point().list()
                        .ofMinSize(1)
                        .ofMaxSize(4)
                        .map(points ->
                                FACTORY.createMultiPoint(points.toArray(org.locationtech.jts.geom.Point[]::new))),
                line().list()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(lines -> FACTORY.createMultiLineString(
                                lines.toArray(org.locationtech.jts.geom.LineString[]::new))),
                polygon()
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(polygons -> FACTORY.createMultiPolygon(
                                polygons.toArray(org.locationtech.jts.geom.Polygon[]::new))));
        Arbitrary<org.locationtech.jts.geom.Geometry> collection = Arbitraries.oneOf(simple, multi)
                .list()
                .ofMaxSize(3)
                .map(parts ->
                        FACTORY.createGeometryCollection(parts.toArray(org.locationtech.jts.geom.Geometry[]::new)));
        return Arbitraries.oneOf(simple, multi, collection);
    }

    private static Arbitrary<Coordinate> coordinate() {
        Arbitrary<Double> ordinate = Arbitraries.doubles().between(-1e9, 1e9);
        return Combinators.combine(ordinate, ordinate).as(Coordinate::new);
    }

    private static Arbitrary<org.locationtech.jts.geom.Point> point() {
        return coordinate().map(FACTORY::createPoint);
    }

    private static Arbitrary<org.locationtech.jts.geom.LineString> line() {
        return coordinate()
                .list()
                .ofMinSize(2)
                .ofMaxSize(6)
                .map(points -> FACTORY.createLineString(points.toArray(Coordinate[]::new)));
    }

    private static Arbitrary<org.locationtech.jts.geom.Polygon> polygon() {
        return Combinators.combine(coordinate(), Arbitraries.doubles().between(0.5, 1000))
                .as((corner, size) -> FACTORY.createPolygon(new Coordinate[] {
                    corner,
                    new Coordinate(corner.x + size, corner.y),
                    new Coordinate(corner.x + size, corner.y + size),
                    corner
                }));
    }
}
