package com.carto.connections.tiles;

import com.carto.connections.error.InvalidConfigurationException;

/**
 * The bits of an H3 cell index, as Uber's H3 defines them (<a href="https://h3geo.org/docs/core-library/h3Indexing">H3
 * index representation</a>), from the high bit down:
 *
 * <pre>
 *  bit 63      0 (reserved)
 *  bits 59–62  mode, 1 for a cell
 *  bits 56–58  0 for a cell
 *  bits 52–55  resolution, 0 to 15
 *  bits 45–51  base cell, 0 to 121
 *  bits 0–44   fifteen 3-bit digits, digit 1 highest: 0 to 6 down to the resolution, 7 below it
 * </pre>
 *
 * <p>So the parent at a coarser resolution is the cell with the resolution field replaced and the digits below it set
 * to 7: a mask and an addition, which any SQL engine with a bitwise AND computes on a column, as for {@link Quadbin}.
 * And the descendants of a cell at one finer resolution are one run of integers (its digits, then the finer digits
 * from all 0 to all 6): no other cell of that resolution lies between. Unlike Quadbin's, H3's cells do not nest in Web
 * Mercator tiles; which cells lie on a tile needs the H3 library ({@code com.uber:h3}). Static methods only;
 * thread-safe; none of them needs the library.
 */
public final class H3Index {
    /** The finest resolution: cells about a square metre. */
    public static final int MAX_RESOLUTION = 15;
    /** How many base cells (resolution 0) there are: 0 to 121. */
    static final int BASE_CELLS = 122;

    private static final int RESOLUTION_SHIFT = 52;
    private static final long RESOLUTION_BITS = 0xFL << RESOLUTION_SHIFT;
    private static final int BASE_CELL_SHIFT = 45;
    private static final long BASE_CELL_BITS = 0x7FL << BASE_CELL_SHIFT;
    /** The forty-five bits of the fifteen digits. */
    private static final long DIGITS = (1L << 45) - 1;
    /** The low bit of each digit: 001 fifteen times. */
    private static final long DIGIT_LOW_BITS = DIGITS / 7;

    private H3Index() {}

    /** The cell's resolution, read from its bits 52–55. */
    public static int resolution(long cell) {
        return (int) ((cell & RESOLUTION_BITS) >>> RESOLUTION_SHIFT);
    }

    /** The cell of resolution {@code resolution} (at most the cell's own) that holds the cell, by its bits alone. */
    public static long parent(long cell, int resolution) {
        requireResolution("resolution", resolution);
        if (resolution > resolution(cell)) {
            throw new IllegalArgumentException(
                    "a parent's resolution must not exceed the cell's (" + resolution(cell) + ")");
        }
        return (cell & parentMask(resolution)) + parentAddend(resolution);
    }

    /**
     * What a cell keeps when its parent at {@code resolution} is computed: mode, base cell and the digits down to the
     * parent's resolution. Never negative, so that a warehouse reading it as a signed 64-bit integer agrees.
     */
    static long parentMask(int resolution) {
        return ~(RESOLUTION_BITS | below(resolution)) & Long.MAX_VALUE;
    }

    /** What is added to the masked cell to make the parent: its resolution and the digits below it, all 7. */
    static long parentAddend(int resolution) {
        return ((long) resolution << RESOLUTION_SHIFT) | below(resolution);
    }

    /**
     * The first and last descendant of {@code cell} at {@code resolution} (at least the cell's): every cell of that
     * resolution between them descends from it.
     */
    static long[] descendants(long cell, int resolution) {
        int own = resolution(cell);
        long kept = (cell & ~RESOLUTION_BITS & ~below(own)) | ((long) resolution << RESOLUTION_SHIFT);
        long seven = below(resolution);
        long finer = below(own) & ~seven;
        // Digits own+1..resolution all 0, or all 6 (110 in each 3-bit digit: 7 with its low bit cleared).
        long sixes = finer & ~DIGIT_LOW_BITS;
        return new long[] {kept | seven, kept | seven | sixes};
    }

    /**
     * The next cell of the same resolution in the integers' order, whether or not it exists (a pentagon lacks some),
     * or -1 after the last base cell's last one.
     */
    static long next(long cell) {
        int resolution = resolution(cell);
        long result = cell;
        for (int digit = resolution; digit >= 1; digit--) {
            int shift = 3 * (MAX_RESOLUTION - digit);
            long value = (result >>> shift) & 7;
            if (value < 6) {
                return result + (1L << shift);
            }
            result &= ~(7L << shift);
        }
        long base = (result & BASE_CELL_BITS) >>> BASE_CELL_SHIFT;
        if (base + 1 >= BASE_CELLS) {
            return -1;
        }
        return (result & ~BASE_CELL_BITS) | ((base + 1) << BASE_CELL_SHIFT);
    }

    static void requireResolution(String field, int resolution) {
        if (resolution < 0 || resolution > MAX_RESOLUTION) {
            throw InvalidConfigurationException.of(
                    field, "must be between 0 and " + MAX_RESOLUTION + " for H3 but was " + resolution);
        }
    }

    /** Refuses an H3 source, naming {@code indexType}, when the H3 library is not on the class or module path. */
    static void requireLibrary(ClassLoader loader) {
        try {
            Class.forName("com.uber.h3core.H3Core", false, loader);
        } catch (ClassNotFoundException | LinkageError missing) {
            throw InvalidConfigurationException.of(
                    "indexType",
                    "H3 needs the H3 library: add com.uber:h3 (4.1.1) to the application's dependencies (on the"
                            + " module path, also require or add the module h3)");
        }
    }

    /** The bits of the digits finer than {@code resolution}. */
    private static long below(int resolution) {
        return DIGITS >>> (3 * resolution);
    }
}
