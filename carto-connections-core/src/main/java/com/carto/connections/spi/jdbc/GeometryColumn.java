package com.carto.connections.spi.jdbc;

import com.carto.connections.query.Geometry;

/**
 * How one geometry column of a result is decoded: its encoding, the SRID to use when a value carries none, and the
 * result set column holding each value's SRID (0 when there is none).
 */
record GeometryColumn(GeometryRead.Encoding encoding, int srid, int sridIndex) {
    /** The column as the legacy of every JDBC driver that hands geometry over as it is: EWKB bytes. */
    static final GeometryColumn EWKB = new GeometryColumn(GeometryRead.Encoding.EWKB, Geometry.UNKNOWN_SRID, 0);

    static GeometryColumn of(GeometryRead read, int sridIndex) {
        int defaultSrid = read.encoding() == GeometryRead.Encoding.GEOJSON ? 4326 : Geometry.UNKNOWN_SRID;
        return new GeometryColumn(read.encoding(), read.srid().orElse(defaultSrid), sridIndex);
    }
}
