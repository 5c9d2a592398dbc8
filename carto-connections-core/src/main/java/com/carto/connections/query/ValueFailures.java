package com.carto.connections.query;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;

/** The typed error of a value a writer cannot spell, naming its column and row. */
final class ValueFailures {
    private ValueFailures() {}

    static ConnectionException unwritable(Column column, long row, String format, UnwritableValue reason) {
        return new ConnectionException(
                ErrorCategory.UNSUPPORTED,
                "the value of column " + column.name() + " in row " + row + " cannot be written as " + format + ": "
                        + reason.getMessage(),
                reason);
    }
}
