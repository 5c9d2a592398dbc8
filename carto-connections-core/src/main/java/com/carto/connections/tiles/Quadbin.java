package com.carto.connections.tiles;

import com.carto.connections.error.InvalidConfigurationException;

/**
 * CARTO's Quadbin cells: the squares of the Web Mercator tile pyramid, one 64-bit integer each. The layout, from the
 * high bit down, as CARTO's reference libraries define it (<a
 * href="https://github.com/CartoDB/quadbin-js/blob/main/src/index.ts">quadbin-js {@code src/index.ts}</a>, <a
 * href="https://github.com/CartoDB/quadbin-py/blob/main/quadbin/main.py">quadbin-py {@code quadbin/main.py}</a>):
 *
 * <pre>
 *  bit 63      0 (unused)
 *  bit 62      1 (header)
 *  bits 59–61  mode, 1 for a cell
 *  bits 57–58  mode-dependent, 0 for a cell
 *  bits 52–56  resolution, 0 to 26 (the tile's zoom)
 *  bits 0–51   the tile's column and row, bit-interleaved (column in the even bits), in the top 2 × resolution bits;
 *              every bit below them set to 1
 * </pre>
 *
 * <p>So a cell's children are one contiguous run of integers, and its parent at a coarser resolution is the cell with
 * the resolution field replaced and the bits below the parent's interleaved ones set: a mask and an addition, which
 * any SQL engine with a bitwise AND computes on a column. Static methods only; thread-safe.
 */
public final class Quadbin {
    /** The finest resolution: cells under a metre wide at the equator. */
    public static final int MAX_RESOLUTION = 26;

    private static final long HEADER = 0x4000000000000000L;
    private static final long CELL_MODE = 1L << 59;
    private static final int RESOLUTION_SHIFT = 52;
    private static final long RESOLUTION_BITS = 0x1FL << RESOLUTION_SHIFT;
    /** The 52 bits that hold the interleaved column and row, and the ones below them. */
    private static final long FOOTER = 0xFFFFFFFFFFFFFL;

    private Quadbin() {}

    /** The cell of the tile at {@code column}, {@code row} (counted from the north) of zoom {@code resolution}. */
    public static long cell(int resolution, long column, long row) {
        requireResolution("resolution", resolution);
        long tiles = 1L << resolution;
        if (column < 0 || column >= tiles || row < 0 || row >= tiles) {
            throw new IllegalArgumentException("column and row must be in [0, " + tiles + ") at resolution "
                    + resolution + " but were " + column + ", " + row);
        }
        long interleaved = spread(column) | (spread(row) << 1);
        return HEADER
                | CELL_MODE
                | ((long) resolution << RESOLUTION_SHIFT)
                | (interleaved << (RESOLUTION_SHIFT - 2 * resolution))
                | (FOOTER >>> (2 * resolution));
    }

    /** The cell's resolution, read from its bits 52–56. */
    public static int resolution(long cell) {
        return (int) ((cell & RESOLUTION_BITS) >>> RESOLUTION_SHIFT);
    }

    /** The cell's tile column, from the west. */
    public static long column(long cell) {
        return squeeze(interleaved(cell));
    }

    /** The cell's tile row, from the north. */
    public static long row(long cell) {
        return squeeze(interleaved(cell) >>> 1);
    }

    /** The cell of resolution {@code resolution} (at most the cell's own) that holds the cell. */
    public static long parent(long cell, int resolution) {
        requireResolution("resolution", resolution);
        if (resolution > resolution(cell)) {
            throw new IllegalArgumentException(
                    "a parent's resolution must not exceed the cell's (" + resolution(cell) + ")");
        }
        return (cell & parentMask(resolution)) + parentAddend(resolution);
    }

    /** Whether the integer is a cell: header, mode and resolution right, and every bit below the position set. */
    public static boolean isCell(long value) {
        int resolution = resolution(value);
        long unused = FOOTER >>> (2 * Math.min(resolution, MAX_RESOLUTION));
        return (value & ~(FOOTER | RESOLUTION_BITS)) == (HEADER | CELL_MODE)
                && resolution <= MAX_RESOLUTION
                && (value & unused) == unused;
    }

    /**
     * What a cell keeps when its parent at {@code resolution} is computed: the header, mode and the interleaved bits
     * of the parent's position. Never negative, so that a warehouse reading it as a signed 64-bit integer agrees.
     */
    static long parentMask(int resolution) {
        return ~(RESOLUTION_BITS | (FOOTER >>> (2 * resolution))) & Long.MAX_VALUE;
    }

    /** What is added to the masked cell to make the parent: its resolution and the bits below its position. */
    static long parentAddend(int resolution) {
        return ((long) resolution << RESOLUTION_SHIFT) | (FOOTER >>> (2 * resolution));
    }

    /**
     * The first and last cell of {@code resolution} on the tile: its children when the resolution is at least the
     * tile's zoom (a contiguous run, since their interleaved bits start with the tile's), and otherwise the one cell
     * holding the tile, twice.
     */
    static long[] cellsOnTile(TileCoordinates tile, int resolution) {
        if (resolution >= tile.z()) {
            int finer = resolution - tile.z();
            long first = cell(resolution, (long) tile.x() << finer, (long) tile.y() << finer);
            long last = cell(resolution, (((long) tile.x() + 1) << finer) - 1, (((long) tile.y() + 1) << finer) - 1);
            return new long[] {first, last};
        }
        int coarser = tile.z() - resolution;
        long holding = cell(resolution, tile.x() >> coarser, tile.y() >> coarser);
        return new long[] {holding, holding};
    }

    static void requireResolution(String field, int resolution) {
        if (resolution < 0 || resolution > MAX_RESOLUTION) {
            throw InvalidConfigurationException.of(
                    field, "must be between 0 and " + MAX_RESOLUTION + " for Quadbin but was " + resolution);
        }
    }

    private static long interleaved(long cell) {
        int resolution = resolution(cell);
        if (resolution == 0) {
            return 0;
        }
        return (cell & FOOTER) >>> (RESOLUTION_SHIFT - 2 * resolution);
    }

    /** Moves bit i of a 26-bit number to bit 2i. */
    private static long spread(long value) {
        long bits = value;
        bits = (bits | (bits << 16)) & 0x0000FFFF0000FFFFL;
        bits = (bits | (bits << 8)) & 0x00FF00FF00FF00FFL;
        bits = (bits | (bits << 4)) & 0x0F0F0F0F0F0F0F0FL;
        bits = (bits | (bits << 2)) & 0x3333333333333333L;
        bits = (bits | (bits << 1)) & 0x5555555555555555L;
        return bits;
    }

    /** Moves bit 2i to bit i, dropping the odd bits: the inverse of {@link #spread}. */
    private static long squeeze(long value) {
        long bits = value & 0x5555555555555555L;
        bits = (bits | (bits >>> 1)) & 0x3333333333333333L;
        bits = (bits | (bits >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        bits = (bits | (bits >>> 4)) & 0x00FF00FF00FF00FFL;
        bits = (bits | (bits >>> 8)) & 0x0000FFFF0000FFFFL;
        bits = (bits | (bits >>> 16)) & 0x00000000FFFFFFFFL;
        return bits;
    }
}
