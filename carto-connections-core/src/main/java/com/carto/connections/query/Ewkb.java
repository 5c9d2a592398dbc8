package com.carto.connections.query;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/** Reads PostGIS extended WKB into {@link Geometry}. */
final class Ewkb {
    private static final int SRID_FLAG = 0x20000000;
    private static final int Z_FLAG = 0x80000000;
    private static final int M_FLAG = 0x40000000;

    private Ewkb() {}

    static Geometry toGeometry(byte[] ewkb) {
        if (ewkb.length < 5) {
            throw new IllegalArgumentException("EWKB must hold at least 5 bytes but held " + ewkb.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(ewkb).order(ewkb[0] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int type = buffer.getInt(1);
        if ((type & (Z_FLAG | M_FLAG)) != 0) {
            return viaJts(ewkb);
        }
        if ((type & SRID_FLAG) == 0) {
            return Geometry.trusted(ewkb.clone(), Geometry.UNKNOWN_SRID);
        }
        if (ewkb.length < 9) {
            throw new IllegalArgumentException("EWKB with an SRID flag must hold at least 9 bytes");
        }
        int srid = buffer.getInt(5);
        // 2D EWKB without its SRID is exactly ISO WKB: drop the flag and the four SRID bytes.
        byte[] wkb = new byte[ewkb.length - 4];
        wkb[0] = ewkb[0];
        ByteBuffer.wrap(wkb).order(buffer.order()).putInt(1, type & ~SRID_FLAG);
        System.arraycopy(ewkb, 9, wkb, 5, ewkb.length - 9);
        return Geometry.trusted(wkb, srid);
    }

    private static Geometry viaJts(byte[] ewkb) {
        try {
            org.locationtech.jts.geom.Geometry geometry = new WKBReader().read(ewkb);
            return Geometry.ofJts(geometry, geometry.getSRID());
        } catch (ParseException e) {
            throw new IllegalArgumentException("not extended WKB", e);
        }
    }
}
