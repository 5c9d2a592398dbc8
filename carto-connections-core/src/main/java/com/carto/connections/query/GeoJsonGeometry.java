package com.carto.connections.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.OptionalInt;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads a GeoJSON geometry object (RFC 7946, plus the {@code crs} member of the 2008 specification that PostGIS still
 * writes) into JTS. An empty {@code coordinates} array is an empty geometry, as PostGIS writes {@code POINT EMPTY}.
 * JTS's own GeoJSON reader lives in a module this project does not depend on; Jackson already is a dependency.
 */
final class GeoJsonGeometry {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DEPTH = 32;

    private final GeometryFactory factory = new GeometryFactory();

    private GeoJsonGeometry() {}

    /** The geometry and the SRID its {@code crs} member names, or {@code srid} when it names none. */
    static Geometry read(String json, int srid) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(json, "not JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid(json, "not a JSON object");
        }
        try {
            org.locationtech.jts.geom.Geometry geometry = new GeoJsonGeometry().geometry(root, 0);
            return Geometry.ofJts(geometry, crs(root).orElse(srid));
        } catch (IllegalArgumentException e) {
            throw invalid(json, String.valueOf(e.getMessage()));
        }
    }

    private org.locationtech.jts.geom.Geometry geometry(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nests deeper than " + MAX_DEPTH + " levels");
        }
        String type = node.path("type").asText("");
        if (type.equals("GeometryCollection")) {
            JsonNode members = array(node, "geometries");
            org.locationtech.jts.geom.Geometry[] geometries = new org.locationtech.jts.geom.Geometry[members.size()];
            for (int index = 0; index < geometries.length; index++) {
                geometries[index] = geometry(members.get(index), depth + 1);
            }
            return factory.createGeometryCollection(geometries);
        }
        JsonNode coordinates = array(node, "coordinates");
        return switch (type) {
            case "Point" -> point(coordinates);
            case "LineString" -> factory.createLineString(positions(coordinates));
            case "Polygon" -> polygon(coordinates);
            case "MultiPoint" -> factory.createMultiPoint(members(coordinates, this::point, Point[]::new));
            case "MultiLineString" ->
                factory.createMultiLineString(
                        members(coordinates, line -> factory.createLineString(positions(line)), LineString[]::new));
            case "MultiPolygon" -> factory.createMultiPolygon(members(coordinates, this::polygon, Polygon[]::new));
            default -> throw new IllegalArgumentException("unknown geometry type '" + abbreviate(type) + "'");
        };
    }

    private Point point(JsonNode coordinates) {
        return coordinates.isEmpty() ? factory.createPoint() : factory.createPoint(position(coordinates));
    }

    private Polygon polygon(JsonNode rings) {
        if (rings.isEmpty()) {
            return factory.createPolygon();
        }
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int index = 0; index < holes.length; index++) {
            holes[index] = factory.createLinearRing(positions(rings.get(index + 1)));
        }
        return factory.createPolygon(factory.createLinearRing(positions(rings.get(0))), holes);
    }

    private static <T> T[] members(
            JsonNode array,
            java.util.function.Function<JsonNode, T> member,
            java.util.function.IntFunction<T[]> arrays) {
        T[] members = arrays.apply(array.size());
        for (int index = 0; index < members.length; index++) {
            members[index] = member.apply(requireArray(array.get(index)));
        }
        return members;
    }

    private static Coordinate[] positions(JsonNode array) {
        requireArray(array);
        Coordinate[] coordinates = new Coordinate[array.size()];
        for (int index = 0; index < coordinates.length; index++) {
            coordinates[index] = position(requireArray(array.get(index)));
        }
        return coordinates;
    }

    /** A position: x, y and an optional z; RFC 7946 leaves further elements to be ignored. */
    private static Coordinate position(JsonNode position) {
        if (position.size() < 2
                || !position.get(0).isNumber()
                || !position.get(1).isNumber()) {
            throw new IllegalArgumentException("a position needs two numbers");
        }
        if (position.size() == 2) {
            return new Coordinate(position.get(0).doubleValue(), position.get(1).doubleValue());
        }
        if (!position.get(2).isNumber()) {
            throw new IllegalArgumentException("a position's third element must be a number");
        }
        return new Coordinate(
                position.get(0).doubleValue(),
                position.get(1).doubleValue(),
                position.get(2).doubleValue());
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null) {
            throw new IllegalArgumentException("no " + field + " member");
        }
        return requireArray(array);
    }

    private static JsonNode requireArray(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("expected an array");
        }
        return node;
    }

    /** The EPSG code of a named {@code crs}: {@code EPSG:3857}, {@code urn:ogc:def:crs:EPSG::3857}, or CRS84 for 4326. */
    private static OptionalInt crs(JsonNode root) {
        String name = root.path("crs").path("properties").path("name").asText("");
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.endsWith("CRS84")) {
            return OptionalInt.of(4326);
        }
        int colon = name.lastIndexOf(':');
        if (!upper.contains("EPSG") || colon < 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(name.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static IllegalArgumentException invalid(String json, String problem) {
        return new IllegalArgumentException("not a GeoJSON geometry (" + problem + "): " + abbreviate(json));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
