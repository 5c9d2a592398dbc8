package com.carto.connections.query;

/**
 * A value that has no faithful form in the format being written, found before any of it is written. The writers
 * turn it into a typed {@code UNSUPPORTED} error naming the column and the row (see {@link ValueFailures}).
 */
final class UnwritableValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnwritableValue(String reason) {
        super(reason, null, false, false);
    }
}
