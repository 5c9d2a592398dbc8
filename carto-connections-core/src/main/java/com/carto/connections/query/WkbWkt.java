package com.carto.connections.query;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes ISO/OGC WKB as well-known text the way PostGIS's {@code ST_AsText} spells it: every OGC type, the curve
 * and surface types included ({@code CIRCULARSTRING}, {@code CURVEPOLYGON}, {@code TIN}, …), Z and M kept with their
 * qualifiers ({@code POINT M (1 2 3)}, {@code POINT ZM (1 2 3 4)}), empty members ({@code MULTIPOINT(EMPTY,(1 2))})
 * and NaN coordinates as they are. Numbers are written with the digits that read back to the same double ({@code
 * ST_AsText} rounds to 15 decimals), in exponent form from 1e15 up and below 1e-7, as {@code ST_AsText} does.
 */
final class WkbWkt {
    private static final String[] NAMES = {
        "",
        "POINT",
        "LINESTRING",
        "POLYGON",
        "MULTIPOINT",
        "MULTILINESTRING",
        "MULTIPOLYGON",
        "GEOMETRYCOLLECTION",
        "CIRCULARSTRING",
        "COMPOUNDCURVE",
        "CURVEPOLYGON",
        "MULTICURVE",
        "MULTISURFACE",
        "CURVE",
        "SURFACE",
        "POLYHEDRALSURFACE",
        "TIN",
        "TRIANGLE"
    };
    /** The WKT name of a WKB geometry type (its code without dimension flags), or the raw code when it has none. */
    static String typeName(int type, int code) {
        return type > 0 && type < NAMES.length ? NAMES[type] : "WKB geometry type " + code;
    }

    private static final int POINT = 1;
    private static final int LINE_STRING = 2;
    private static final int POLYGON = 3;
    private static final int MULTI_POINT = 4;
    private static final int MULTI_LINE_STRING = 5;
    private static final int MULTI_POLYGON = 6;
    private static final int CIRCULAR_STRING = 8;
    private static final int POLYHEDRAL_SURFACE = 15;
    private static final int TIN = 16;
    private static final int TRIANGLE = 17;
    // Real geometries nest a few levels; hostile bytes must not overflow the stack.
    private static final int MAX_DEPTH = 32;

    private final ByteBuffer wkb;
    private final StringBuilder text = new StringBuilder();

    private WkbWkt(byte[] wkb) {
        this.wkb = ByteBuffer.wrap(wkb);
    }

    static String write(byte[] wkb) {
        WkbWkt writer = new WkbWkt(wkb);
        try {
            writer.geometry(true, 0);
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("truncated WKB at byte " + writer.wkb.position(), e);
        }
        return writer.text.toString();
    }

    /**
     * One geometry with its header; {@code named} says whether its type name is written (a LINESTRING member of a
     * MULTILINESTRING or a COMPOUNDCURVE is written as its coordinates only, a CIRCULARSTRING member by name).
     */
    private void geometry(boolean named, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("WKB nests deeper than " + MAX_DEPTH + " levels");
        }
        wkb.order(wkb.get() == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int code = wkb.getInt();
        boolean z = (code & 0x80000000) != 0;
        boolean m = (code & 0x40000000) != 0;
        if ((code & 0x20000000) != 0) {
            wkb.getInt();
        }
        code &= 0x0FFFFFFF;
        int dimensions = code / 1000;
        z |= dimensions == 1 || dimensions == 3;
        m |= dimensions == 2 || dimensions == 3;
        int type = code % 1000;
        if (type < 1 || type >= NAMES.length || type == 13 || type == 14) {
            throw new IllegalStateException("unknown WKB geometry type " + code);
        }
        int ordinates = 2 + (z ? 1 : 0) + (m ? 1 : 0);
        if (named) {
            text.append(NAMES[type]);
            if (z || m) {
                text.append(' ').append(z ? "Z" : "").append(m ? "M" : "").append(' ');
            }
        }
        if (type == POINT) {
            point(ordinates);
            return;
        }
        if (type == LINE_STRING || type == CIRCULAR_STRING) {
            points(ordinates);
            return;
        }
        if (type == POLYGON || type == TRIANGLE) {
            int rings = wkb.getInt();
            if (empty(rings)) {
                return;
            }
            for (int ring = 0; ring < rings; ring++) {
                separator(ring);
                points(ordinates);
            }
            text.append(')');
            return;
        }
        int members = wkb.getInt();
        if (empty(members)) {
            return;
        }
        for (int member = 0; member < members; member++) {
            separator(member);
            geometry(named(type, memberType()), depth + 1);
        }
        text.append(')');
    }

    /** Whether a member of a collection of this type is written with its type name (ST_AsText's choice). */
    private static boolean named(int collection, int member) {
        return switch (collection) {
            case MULTI_POINT, MULTI_LINE_STRING, MULTI_POLYGON, POLYHEDRAL_SURFACE, TIN -> false;
            // COMPOUNDCURVE, CURVEPOLYGON and MULTICURVE name all but their LINESTRING members, MULTISURFACE all
            // but its POLYGONs.
            case 9, 10, 11 -> member != LINE_STRING;
            case 12 -> member != POLYGON;
            default -> true;
        };
    }

    /** The type of the member whose header is next, without reading it. */
    private int memberType() {
        int at = wkb.position();
        ByteBuffer header = wkb.duplicate().order(wkb.get(at) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        return (header.getInt(at + 1) & 0x0FFFFFFF) % 1000;
    }

    /** Writes EMPTY (after a space when a name precedes it) or the opening parenthesis; true when empty. */
    private boolean empty(int count) {
        if (count == 0) {
            text.append(text.length() > 0 && Character.isLetter(text.charAt(text.length() - 1)) ? " EMPTY" : "EMPTY");
            return true;
        }
        text.append('(');
        return false;
    }

    private void separator(int index) {
        if (index > 0) {
            text.append(',');
        }
    }

    /** A point's coordinates in parentheses, or EMPTY for the NaN point PostGIS stores an empty point as. */
    private void point(int ordinates) {
        int at = wkb.position();
        if (Double.isNaN(wkb.getDouble(at)) && Double.isNaN(wkb.getDouble(at + 8))) {
            wkb.position(at + 8 * ordinates);
            empty(0);
            return;
        }
        text.append('(');
        coordinates(ordinates);
        text.append(')');
    }

    private void points(int ordinates) {
        int count = wkb.getInt();
        if (empty(count)) {
            return;
        }
        for (int index = 0; index < count; index++) {
            separator(index);
            coordinates(ordinates);
        }
        text.append(')');
    }

    private void coordinates(int ordinates) {
        for (int ordinate = 0; ordinate < ordinates; ordinate++) {
            if (ordinate > 0) {
                text.append(' ');
            }
            number(wkb.getDouble());
        }
    }

    private void number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            text.append((long) value);
            if (value == 0 && Double.doubleToRawLongBits(value) != 0) {
                text.setLength(text.length() - 1);
                text.append("-0");
            }
            return;
        }
        if (!Double.isFinite(value)) {
            text.append(Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            return;
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-7 && magnitude < 1e15) {
            text.append(decimal.toPlainString());
            return;
        }
        String scientific = decimal.toString().replace("E", "e");
        text.append(scientific.contains("e") ? scientific : decimal.toPlainString());
    }
}
