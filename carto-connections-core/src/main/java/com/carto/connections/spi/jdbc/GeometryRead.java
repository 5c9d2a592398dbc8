package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.query.Geometry;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a {@link JdbcDialect} reads one geometry column: the SQL expression selected in the column's place (a projection
 * such as {@code ST_AsEWKB("c2")}, {@code SDO_UTIL.TO_WKBGEOMETRY("c2")}, {@code ST_AsWKB("c2")}, or the column itself)
 * and the encoding of what it returns. The base decodes every encoding into a {@link Geometry} (ISO WKB and an SRID).
 *
 * <p>The SRID is, first found: one the value carries itself (an EWKB header, an EWKT {@code SRID=n;} prefix, a GeoJSON
 * {@code crs} member), the value of {@link #sridExpression()} (selected beside the column, e.g. {@code ST_SRID("c2")}),
 * the fixed {@link #srid()} (known from the type, e.g. 4326 for a geography), and otherwise 4326 for GeoJSON (RFC 7946)
 * and {@link Geometry#UNKNOWN_SRID} for the other encodings.
 *
 * @param encoding what the expression returns
 * @param expression the SQL selected in place of the column, written against its quoted name
 * @param srid the SRID known from the column's type, if any
 * @param sridExpression SQL that selects the SRID of each value, if the warehouse has one
 */
public record GeometryRead(Encoding encoding, String expression, OptionalInt srid, Optional<String> sridExpression) {
    /** What a geometry expression returns, and which getter of the result set reads it. */
    public enum Encoding {
        /** PostGIS extended WKB bytes ({@code getBytes}); the SRID travels in the header. */
        EWKB,
        /** ISO/OGC WKB bytes ({@code getBytes}), 2D, Z, M or ZM. */
        WKB,
        /**
         * ISO well-known text ({@code getString}), Z and M named by their keywords ({@code POINT ZM (1 2 3 4)}),
         * optionally behind an {@code SRID=n;} prefix. PostGIS's own EWKT, which leaves the keywords out, is not read:
         * select {@code ST_AsText} there.
         */
        WKT,
        /** A GeoJSON geometry object as text ({@code getString}); Z is kept, GeoJSON has no M. */
        GEOJSON
    }

    public GeometryRead {
        requireNonNull(encoding, "encoding is null");
        requireNonNull(expression, "expression is null");
        requireNonNull(srid, "srid is null");
        requireNonNull(sridExpression, "sridExpression is null");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("expression is blank");
        }
    }

    /** EWKB from {@code expression}, e.g. {@code ST_AsEWKB("c2")}. */
    public static GeometryRead ewkb(String expression) {
        return new GeometryRead(Encoding.EWKB, expression, OptionalInt.empty(), Optional.empty());
    }

    /** ISO WKB from {@code expression}, e.g. {@code ST_AsBinary("c2")}; give its SRID with {@link #withSrid} or {@link #withSridFrom}. */
    public static GeometryRead wkb(String expression) {
        return new GeometryRead(Encoding.WKB, expression, OptionalInt.empty(), Optional.empty());
    }

    /** Well-known text from {@code expression}, e.g. {@code ST_AsText("c2")}. */
    public static GeometryRead wkt(String expression) {
        return new GeometryRead(Encoding.WKT, expression, OptionalInt.empty(), Optional.empty());
    }

    /** GeoJSON text from {@code expression}, e.g. {@code ST_AsGeoJSON("c2")}, or a column that holds GeoJSON. */
    public static GeometryRead geoJson(String expression) {
        return new GeometryRead(Encoding.GEOJSON, expression, OptionalInt.empty(), Optional.empty());
    }

    /** A copy whose SRID, unless a value carries its own, is {@code srid}: known from the column's type. */
    public GeometryRead withSrid(int srid) {
        return new GeometryRead(encoding, expression, OptionalInt.of(srid), sridExpression);
    }

    /** A copy that selects each value's SRID with {@code sridExpression}, e.g. {@code ST_SRID("c2")}. */
    public GeometryRead withSridFrom(String sridExpression) {
        return new GeometryRead(encoding, expression, srid, Optional.of(sridExpression));
    }
}
