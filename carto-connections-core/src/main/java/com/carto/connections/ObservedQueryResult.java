package com.carto.connections;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ResultLimits;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A query result that tells the {@link WarehouseObserver} once how it ended: drained, failed or closed. Bytes are
 * those of the values the caller read, weighed as the byte limit weighs them, so no value is decoded for the count
 * alone. Used only when an observer is set, so an unobserved result pays nothing.
 */
final class ObservedQueryResult implements QueryResult {
    private static final long FIXED_WIDTH_BYTES = 8;

    private final QueryResult delegate;
    private final CallTimer timer;
    private final AtomicBoolean reported = new AtomicBoolean();
    private long bytes;

    ObservedQueryResult(QueryResult delegate, CallTimer timer) {
        this.delegate = delegate;
        this.timer = timer;
    }

    @Override
    public List<Column> columns() {
        return delegate.columns();
    }

    @Override
    public boolean next() {
        boolean more;
        try {
            more = delegate.next();
        } catch (RuntimeException e) {
            report(e);
            throw e;
        }
        if (!more) {
            report(null);
        }
        return more;
    }

    @Override
    public @Nullable Object value(int columnIndex) {
        Object value = delegate.value(columnIndex);
        if (value != null) {
            bytes += ResultLimits.estimateBytes(value);
        }
        return value;
    }

    @Override
    public long longValue(int columnIndex) {
        bytes += FIXED_WIDTH_BYTES;
        return delegate.longValue(columnIndex);
    }

    @Override
    public double doubleValue(int columnIndex) {
        bytes += FIXED_WIDTH_BYTES;
        return delegate.doubleValue(columnIndex);
    }

    @Override
    public boolean isNull(int columnIndex) {
        return delegate.isNull(columnIndex);
    }

    @Override
    public long rowCount() {
        return delegate.rowCount();
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            report(null);
        }
    }

    private void report(@Nullable RuntimeException failure) {
        if (reported.compareAndSet(false, true)) {
            ErrorCategory category = failure == null
                    ? null
                    : failure instanceof ConnectionException known ? known.category() : ErrorCategory.INTERNAL;
            timer.finished(category, delegate.rowCount(), bytes);
        }
    }

    @Override
    public String toString() {
        return "ObservedQueryResult[" + delegate + "]";
    }
}
