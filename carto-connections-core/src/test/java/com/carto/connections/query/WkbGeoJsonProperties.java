package com.carto.connections.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
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

    @Property(tries = 200)
    void leavesOutEmptyMembersOfMultiGeometriesAndWritesTheRestAsJtsReadsThem(
            @ForAll("multiGeometriesWithEmptyMembers") org.locationtech.jts.geom.GeometryCollection multi,
            @ForAll boolean bigEndian)
            throws IOException {
        byte[] wkb =
                new WKBWriter(2, bigEndian ? ByteOrderValues.BIG_ENDIAN : ByteOrderValues.LITTLE_ENDIAN).write(multi);
        JsonNode written = MAPPER.readTree(geoJson(Geometry.ofWkb(wkb, 4326)));
        List<org.locationtech.jts.geom.Geometry> kept = new ArrayList<>();
        for (int index = 0; index < multi.getNumGeometries(); index++) {
            if (!multi.getGeometryN(index).isEmpty()) {
                kept.add(multi.getGeometryN(index));
            }
        }
        assertThat(written.get("type").asText()).isEqualTo(multi.getGeometryType());
        assertThat(written.get("coordinates")).hasSize(kept.size());
        for (int index = 0; index < kept.size(); index++) {
            ObjectNode member = MAPPER.createObjectNode();
            member.put("type", kept.get(index).getGeometryType());
            member.set("coordinates", written.get("coordinates").get(index));
            assertMatches(member, kept.get(index));
        }
    }

    @Property(tries = 200)
    void writesZAsTheThirdCoordinateDropsMAndKeepsEveryOrdinateInWkt(
            @ForAll("ordinates") List<Double> ordinates,
            @ForAll boolean z,
            @ForAll boolean m,
            @ForAll boolean bigEndian)
            throws IOException {
        int dimensions = 2 + (z ? 1 : 0) + (m ? 1 : 0);
        int points = ordinates.size() / dimensions;
        ByteBuffer wkb = ByteBuffer.allocate(9 + 8 * points * dimensions)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        wkb.put((byte) (bigEndian ? 0 : 1))
                .putInt(2 + (z ? 1000 : 0) + (m ? 2000 : 0))
                .putInt(points);
        ordinates.stream().limit((long) points * dimensions).forEach(wkb::putDouble);
        Geometry line = Geometry.ofWkb(wkb.array(), 4326);

        JsonNode coordinates = MAPPER.readTree(geoJson(line)).get("coordinates");
        String wkt = line.toWkt();

        assertThat(coordinates).hasSize(points);
        List<Double> wktNumbers = new ArrayList<>();
        for (String number :
                wkt.substring(wkt.indexOf('(') + 1, wkt.length() - 1).split("[ ,]")) {
            wktNumbers.add(Double.parseDouble(number));
        }
        assertThat(wktNumbers).isEqualTo(ordinates.subList(0, points * dimensions));
        assertThat(wkt).startsWith("LINESTRING" + (z || m ? " " + (z ? "Z" : "") + (m ? "M" : "") + " (" : "("));
        for (int point = 0; point < points; point++) {
            JsonNode position = coordinates.get(point);
            assertThat(position).hasSize(z ? 3 : 2);
            for (int ordinate = 0; ordinate < position.size(); ordinate++) {
                assertThat(position.get(ordinate).asDouble()).isEqualTo(ordinates.get(point * dimensions + ordinate));
            }
        }
    }

    @Property(tries = 100)
    void refusesEveryCurveTypeAndPolyhedralSurfaceBeforeWritingAnything(
            @ForAll("curveTypes") int type, @ForAll("dimensionOffsets") int dimensions) {
        byte[] wkb = ByteBuffer.allocate(9)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1)
                .putInt(type + dimensions)
                .putInt(0)
                .array();
        StringWriter json = new StringWriter();

        assertThatThrownBy(() -> {
                    try (JsonGenerator generator = ResultValues.JSON.createGenerator(json)) {
                        new WkbGeoJson(generator).write(Geometry.ofWkb(wkb, 4326));
                    }
                })
                .isInstanceOf(UnwritableValue.class)
                .hasMessageContaining("no GeoJSON form");
        assertThat(json.toString()).isEmpty();
    }

    @Provide
    Arbitrary<Integer> curveTypes() {
        return Arbitraries.of(8, 9, 10, 11, 12, 15);
    }

    @Provide
    Arbitrary<Integer> dimensionOffsets() {
        return Arbitraries.of(0, 1000, 2000, 3000);
    }

    @Provide
    Arbitrary<List<Double>> ordinates() {
        return Arbitraries.doubles().between(-1e9, 1e9).list().ofMinSize(8).ofMaxSize(24);
    }

    @Provide
    Arbitrary<org.locationtech.jts.geom.GeometryCollection> multiGeometriesWithEmptyMembers() {
        Arbitrary<org.locationtech.jts.geom.Point> points =
                Arbitraries.oneOf(point(), Arbitraries.just(FACTORY.createPoint()));
        Arbitrary<org.locationtech.jts.geom.LineString> lines =
                Arbitraries.oneOf(line(), Arbitraries.just(FACTORY.createLineString()));
        Arbitrary<org.locationtech.jts.geom.Polygon> polygons =
                Arbitraries.oneOf(polygon(), Arbitraries.just(FACTORY.createPolygon()));
        return Arbitraries.oneOf(
                points.list()
                        .ofMinSize(1)
                        .ofMaxSize(5)
                        .map(members ->
                                FACTORY.createMultiPoint(members.toArray(org.locationtech.jts.geom.Point[]::new))),
                lines.list()
                        .ofMinSize(1)
                        .ofMaxSize(4)
                        .map(members -> FACTORY.createMultiLineString(
                                members.toArray(org.locationtech.jts.geom.LineString[]::new))),
                polygons.list()
                        .ofMinSize(1)
                        .ofMaxSize(4)
                        .map(members ->
                                FACTORY.createMultiPolygon(members.toArray(org.locationtech.jts.geom.Polygon[]::new))));
    }

    private static String geoJson(Geometry geometry) throws IOException {
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = ResultValues.JSON.createGenerator(json)) {
            new WkbGeoJson(generator).write(geometry);
        }
        return json.toString();
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
