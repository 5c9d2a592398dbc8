package com.carto.connections.query;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads PostGIS extended WKB into {@link Geometry}, whose WKB is ISO/OGC: the SRID moves out of the header, and the Z
 * and M flags of every header (nested ones included) become the ISO type offsets (+1000 Z, +2000 M, +3000 ZM).
 * Coordinates are copied as they are, so nothing is lost to a round trip through JTS: M values, empty members and
 * the curve and surface types JTS does not know all survive. Plain ISO WKB passes through unchanged.
 */
final class Ewkb {
    private static final int SRID_FLAG = 0x20000000;
    private static final int Z_FLAG = 0x80000000;
    private static final int M_FLAG = 0x40000000;
    private static final int FLAGS = SRID_FLAG | Z_FLAG | M_FLAG;
    // Real geometries nest a few levels (a collection of multi-polygons); hostile bytes must not overflow the stack.
    private static final int MAX_DEPTH = 32;

    private Ewkb() {}

    static Geometry toGeometry(byte[] ewkb) {
        if (ewkb.length < 5) {
            throw new IllegalArgumentException("EWKB must hold at least 5 bytes but held " + ewkb.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(ewkb).order(order(ewkb[0]));
        int type = buffer.getInt(1);
        if ((type & FLAGS) == 0) {
            return Geometry.trusted(ewkb.clone(), Geometry.UNKNOWN_SRID);
        }
        boolean hasSrid = (type & SRID_FLAG) != 0;
        if (hasSrid && ewkb.length < 9) {
            throw new IllegalArgumentException("EWKB with an SRID flag must hold at least 9 bytes");
        }
        int srid = hasSrid ? buffer.getInt(5) : Geometry.UNKNOWN_SRID;
        if ((type & (Z_FLAG | M_FLAG)) == 0) {
            // 2D EWKB without its SRID is exactly ISO WKB, nested headers included: drop the flag and the four SRID
            // bytes.
            byte[] wkb = new byte[ewkb.length - 4];
            wkb[0] = ewkb[0];
            ByteBuffer.wrap(wkb).order(buffer.order()).putInt(1, type & ~SRID_FLAG);
            System.arraycopy(ewkb, 9, wkb, 5, ewkb.length - 9);
            return Geometry.trusted(wkb, srid);
        }
        ByteBuffer iso = ByteBuffer.allocate(ewkb.length);
        try {
            transcode(buffer, iso, 0, false, Geometry.UNKNOWN_SRID);
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated EWKB at byte " + buffer.position(), e);
        }
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException("EWKB has " + buffer.remaining() + " bytes after its geometry");
        }
        byte[] wkb = new byte[iso.position()];
        System.arraycopy(iso.array(), 0, wkb, 0, wkb.length);
        return Geometry.trusted(wkb, srid);
    }

    /**
     * Writes ISO WKB (or EWKB) as PostGIS extended WKB: Z and M as header flags and, unless unknown, the SRID in the
     * outer header. What warehouses of the PostgreSQL family read with {@code ST_GeomFromEWKB}.
     */
    static byte[] fromWkb(byte[] wkb, int srid) {
        ByteBuffer in = ByteBuffer.wrap(wkb).order(order(wkb[0]));
        ByteBuffer out = ByteBuffer.allocate(wkb.length + Integer.BYTES);
        transcode(in, out, 0, true, srid);
        byte[] ewkb = new byte[out.position()];
        System.arraycopy(out.array(), 0, ewkb, 0, ewkb.length);
        return ewkb;
    }

    /**
     * Copies one geometry from {@code in} to {@code out} in ISO form, or in extended form with {@code srid} in the
     * outer header, each header in its own byte order.
     */
    private static void transcode(ByteBuffer in, ByteBuffer out, int depth, boolean extended, int srid) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("EWKB nests deeper than " + MAX_DEPTH + " levels");
        }
        byte orderByte = in.get();
        in.order(order(orderByte));
        out.order(in.order());
        int header = in.getInt();
        if ((header & SRID_FLAG) != 0) {
            in.getInt();
        }
        int code = header & ~FLAGS;
        boolean z = (header & Z_FLAG) != 0 || code / 1000 == 1 || code / 1000 == 3;
        boolean m = (header & M_FLAG) != 0 || code / 1000 == 2 || code / 1000 == 3;
        int type = code % 1000;
        out.put(orderByte);
        if (!extended) {
            out.putInt(type + (z ? 1000 : 0) + (m ? 2000 : 0));
        } else if (depth == 0 && srid != Geometry.UNKNOWN_SRID) {
            out.putInt(type | (z ? Z_FLAG : 0) | (m ? M_FLAG : 0) | SRID_FLAG);
            out.putInt(srid);
        } else {
            out.putInt(type | (z ? Z_FLAG : 0) | (m ? M_FLAG : 0));
        }
        int coordinateBytes = 8 * (2 + (z ? 1 : 0) + (m ? 1 : 0));
        switch (type) {
            case 1 -> copy(in, out, coordinateBytes);
            // LineString, CircularString
            case 2, 8 -> copy(in, out, 4 + (long) coordinateBytes * countAhead(in));
            // Polygon, Triangle: rings of points
            case 3, 17 -> {
                int rings = in.getInt();
                out.putInt(rings);
                for (int ring = 0; ring < rings; ring++) {
                    copy(in, out, 4 + (long) coordinateBytes * countAhead(in));
                }
            }
            // Multi*, GeometryCollection, CompoundCurve, CurvePolygon, MultiCurve, MultiSurface, PolyhedralSurface, TIN
            case 4, 5, 6, 7, 9, 10, 11, 12, 15, 16 -> {
                int members = in.getInt();
                out.putInt(members);
                for (int member = 0; member < members; member++) {
                    transcode(in, out, depth + 1, extended, srid);
                    in.order(order(orderByte));
                    out.order(in.order());
                }
            }
            default -> throw new IllegalArgumentException("unknown EWKB geometry type " + type);
        }
    }

    /** The count at the reader's position, left unread so the copy includes it. */
    private static int countAhead(ByteBuffer in) {
        return in.getInt(in.position());
    }

    private static void copy(ByteBuffer in, ByteBuffer out, long length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("EWKB declares " + length + " more bytes but holds " + in.remaining());
        }
        out.put(in.slice(in.position(), (int) length));
        in.position(in.position() + (int) length);
    }

    private static ByteOrder order(byte marker) {
        return marker == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
