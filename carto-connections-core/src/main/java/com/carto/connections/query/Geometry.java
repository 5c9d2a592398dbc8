package com.carto.connections.query;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;

/**
 * A geometry value from a warehouse, normalized to OGC well-known binary plus an SRID, whatever the warehouse
 * sent (WKB, EWKB, WKT, GeoJSON, SDO_GEOMETRY). Immutable and thread-safe; the WKB is copied in and out.
 *
 * <p>Use {@link #toJts()} for geometry operations, {@link #toWkt()} for display.
 */
public final class Geometry {
    /** The SRID used when a warehouse does not say: unknown, as in PostGIS. */
    public static final int UNKNOWN_SRID = 0;

    private final byte[] wkb;
    private final int srid;

    private Geometry(byte[] wkb, int srid) {
        this.wkb = wkb;
        this.srid = srid;
    }

    /** Wraps ISO/OGC WKB (2D, Z, M or ZM) with its SRID. The bytes are copied. */
    public static Geometry ofWkb(byte[] wkb, int srid) {
        requireNonNull(wkb, "wkb is null");
        if (wkb.length < 5) {
            throw new IllegalArgumentException("WKB must hold at least 5 bytes but held " + wkb.length);
        }
        return new Geometry(wkb.clone(), srid);
    }

    /**
     * Reads PostGIS extended WKB (as Redshift and PostGIS send it): the SRID comes from the header when present, and
     * the WKB kept is ISO (Z and M flags become type offsets). Coordinates are copied byte for byte, never through JTS,
     * so M values and curve types survive. Plain ISO WKB is taken as it is, with an unknown SRID.
     */
    public static Geometry ofEwkb(byte[] ewkb) {
        return Ewkb.toGeometry(requireNonNull(ewkb, "ewkb is null"));
    }

    /** Parses well-known text, e.g. {@code POINT (1 2)}. */
    public static Geometry ofWkt(String wkt, int srid) {
        requireNonNull(wkt, "wkt is null");
        try {
            return ofJts(new WKTReader(new GeometryFactory(new PrecisionModel(), srid)).read(wkt), srid);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not well-known text: " + abbreviate(wkt), e);
        }
    }

    /**
     * Parses a GeoJSON geometry object, e.g. {@code {"type":"Point","coordinates":[1,2]}}. A {@code crs} member naming an
     * EPSG code (as PostGIS writes for SRIDs other than 4326) gives the SRID; otherwise it is {@code srid}, which for
     * RFC 7946 GeoJSON is 4326. An empty {@code coordinates} array is an empty geometry.
     */
    public static Geometry ofGeoJson(String geoJson, int srid) {
        return GeoJsonGeometry.read(requireNonNull(geoJson, "geoJson is null"), srid);
    }

    /** Converts a JTS geometry to ISO WKB, keeping its Z and M coordinates. */
    public static Geometry ofJts(org.locationtech.jts.geom.Geometry geometry, int srid) {
        requireNonNull(geometry, "geometry is null");
        return new Geometry(JtsWkb.write(geometry), srid);
    }

    /** A copy of the WKB. */
    public byte[] wkb() {
        return wkb.clone();
    }

    /**
     * PostGIS extended WKB: Z and M as header flags and the SRID, unless unknown, in the outer header. What a
     * warehouse of the PostgreSQL family (PostGIS, Redshift) reads with {@code ST_GeomFromEWKB}.
     */
    public byte[] ewkb() {
        return Ewkb.fromWkb(wkb, srid);
    }

    /** The WKB length in bytes, without copying. */
    public int wkbLength() {
        return wkb.length;
    }

    public int srid() {
        return srid;
    }

    public org.locationtech.jts.geom.Geometry toJts() {
        try {
            org.locationtech.jts.geom.Geometry geometry =
                    new WKBReader(new GeometryFactory(new PrecisionModel(), srid)).read(wkb);
            geometry.setSRID(srid);
            return geometry;
        } catch (ParseException e) {
            throw new IllegalStateException("stored WKB does not parse", e);
        }
    }

    /**
     * Well-known text as PostGIS's {@code ST_AsText} spells it: every OGC type including curves, TIN and TRIANGLE,
     * Z and M kept ({@code POINT M (1 2 3)}), empty members and NaN coordinates as stored. Numbers are written with
     * the digits that read back to the same double.
     */
    public String toWkt() {
        return WkbWkt.write(wkb);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Geometry geometry && srid == geometry.srid && Arrays.equals(wkb, geometry.wkb);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(wkb) + srid;
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(wkb, 0, Math.min(wkb.length, 32));
        return "Geometry[srid=" + srid + ", wkb=" + hex + (wkb.length > 32 ? "…" : "") + "]";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** The WKB itself, not a copy, for the writers in this package; never modified. */
    byte[] sharedWkb() {
        return wkb;
    }

    static Geometry trusted(byte[] wkb, int srid) {
        return new Geometry(wkb, srid);
    }
}
