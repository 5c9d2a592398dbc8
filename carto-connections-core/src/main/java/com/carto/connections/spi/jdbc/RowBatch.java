package com.carto.connections.spi.jdbc;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Rows decoded by the read-ahead thread, column by column: integer and double columns unboxed beside a null flag, every
 * other column as its normalized object. Reused: the read-ahead fills it, the reader of the result empties it, and it
 * goes back to be filled again.
 */
final class RowBatch {
    /** How a column is held: which of the arrays has it. */
    enum Kind {
        LONG,
        DOUBLE,
        OBJECT
    }

    final Kind[] kinds;
    final long[] @Nullable [] longs;
    final double[] @Nullable [] doubles;
    final boolean[] @Nullable [] nulls;
    final @Nullable Object[] @Nullable [] objects;
    int rows;
    // The estimated weight of the objects in the batch (ResultLimits.estimateBytes), to keep a batch of wide rows
    // small.
    long bytes;
    // What ended reading after these rows: a driver or decoding failure, or null.
    @Nullable
    Throwable failure;
    // The deadline had passed when the next batch was due: nothing more was fetched.
    boolean expired;
    // No row follows these.
    boolean last;

    RowBatch(Kind[] kinds, int capacity) {
        this.kinds = kinds;
        this.longs = new long[kinds.length][];
        this.doubles = new double[kinds.length][];
        this.nulls = new boolean[kinds.length][];
        this.objects = new Object[kinds.length][];
        for (int column = 0; column < kinds.length; column++) {
            switch (kinds[column]) {
                case LONG -> {
                    longs[column] = new long[capacity];
                    nulls[column] = new boolean[capacity];
                }
                case DOUBLE -> {
                    doubles[column] = new double[capacity];
                    nulls[column] = new boolean[capacity];
                }
                case OBJECT -> objects[column] = new Object[capacity];
            }
        }
    }

    /** Empties the batch for refilling; the objects of the previous rows are let go. */
    void clear() {
        for (Object[] column : objects) {
            if (column != null) {
                Arrays.fill(column, 0, rows, null);
            }
        }
        rows = 0;
        bytes = 0;
        failure = null;
        expired = false;
        last = false;
    }

    /** Whether reading stops after this batch's rows. */
    boolean ends() {
        return last || expired || failure != null;
    }

    @Nullable
    Object value(int column, int row) {
        return switch (kinds[column]) {
            case LONG -> nulls(column)[row] ? null : longs(column)[row];
            case DOUBLE -> nulls(column)[row] ? null : doubles(column)[row];
            case OBJECT -> objects(column)[row];
        };
    }

    boolean isNull(int column, int row) {
        return kinds[column] == Kind.OBJECT ? objects(column)[row] == null : nulls(column)[row];
    }

    long[] longs(int column) {
        return Objects.requireNonNull(longs[column], "not a LONG column");
    }

    double[] doubles(int column) {
        return Objects.requireNonNull(doubles[column], "not a DOUBLE column");
    }

    boolean[] nulls(int column) {
        return Objects.requireNonNull(nulls[column], "not an unboxed column");
    }

    @Nullable
    Object[] objects(int column) {
        return Objects.requireNonNull(objects[column], "not an OBJECT column");
    }
}
