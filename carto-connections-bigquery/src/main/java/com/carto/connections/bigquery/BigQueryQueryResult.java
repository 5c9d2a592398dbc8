package com.carto.connections.bigquery;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ResultLimits;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.TableResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A cursor over a finished query job's rows. The client library fetches one page ({@code tabledata.list}) at a time
 * as the iterator passes its end, so only the current page is held in memory. The query's timeout holds while it is
 * read: past it, the next {@link #next} fails with {@code TIMEOUT} however slowly the caller reads. Closed (by the
 * caller, another thread, or its client closing), {@link #next} fails with {@code UNAVAILABLE}: a retried query opens
 * a new result.
 */
final class BigQueryQueryResult implements QueryResult {
    private final String what;
    private final FieldList fields;
    private final List<Column> columns;
    // The page being read and its rows; the next page is fetched within the deadline when they run out.
    private TableResult page;
    private Iterator<FieldValueList> rows;
    private final Object[] row;
    private final ResultLimits limits;
    private final Consumer<BigQueryQueryResult> onClose;
    private final Duration timeout;
    // System.nanoTime() at which the timeout passes, counted from the call to query.
    private final long deadlineNanos;
    private boolean onRow;
    private boolean exhausted;
    // Set by close(), from any thread; the reader checks it before and after each page it waits for.
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable String closedBecause;

    BigQueryQueryResult(
            String what,
            TableResult result,
            ResultLimits limits,
            Consumer<BigQueryQueryResult> onClose,
            Duration timeout,
            long startedNanos) {
        this.what = what;
        this.timeout = timeout;
        this.deadlineNanos = startedNanos + timeout.toNanos();
        this.fields =
                result.getSchema() == null ? FieldList.of() : result.getSchema().getFields();
        this.columns = BigQueryValues.columns(fields);
        this.page = result;
        this.rows = result.getValues().iterator();
        this.row = new Object[fields.size()];
        this.limits = limits;
        this.onClose = onClose;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (exhausted) {
            return false;
        }
        if (closed.get()) {
            throw closedFailure();
        }
        onRow = false;
        if (System.nanoTime() - deadlineNanos >= 0) {
            close();
            // The job is done on BigQuery: nothing runs there to cancel, only reading stops.
            throw new ConnectionException(
                    ErrorCategory.TIMEOUT,
                    what + " was still being read after its timeout of " + timeout.toMillis() + " ms; " + limits.rows()
                            + " rows were read");
        }
        try {
            while (!rows.hasNext()) {
                if (!page.hasNextPage()) {
                    exhausted = true;
                    close();
                    return false;
                }
                TableResult current = page;
                try {
                    page = DeadlineCalls.retrying(
                            deadlineNanos,
                            timeout,
                            "a page of " + what + " after " + limits.rows() + " rows",
                            current::getNextPage);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectionException(ErrorCategory.UNAVAILABLE, "interrupted while reading " + what, e);
                }
                if (closed.get()) {
                    throw closedFailure();
                }
                rows = page.getValues().iterator();
            }
            limits.beforeRow();
            FieldValueList cells = rows.next();
            for (int index = 0; index < row.length; index++) {
                row[index] = BigQueryValues.value(fields.get(index), cells.get(index));
            }
            limits.afterRow(row);
        } catch (BigQueryException e) {
            close();
            throw BigQueryErrors.translate(what, e);

        } catch (RuntimeException e) {
            close();
            throw e;
        }
        onRow = true;
        return true;
    }

    @Override
    public @Nullable Object value(int columnIndex) {
        if (!onRow) {
            throw new IllegalStateException("no current row: call next() first");
        }
        return row[columnIndex];
    }

    @Override
    public long rowCount() {
        return limits.rows();
    }

    private ConnectionException closedFailure() {
        String because = closedBecause;
        return new ConnectionException(
                ErrorCategory.UNAVAILABLE, because != null ? because : what + " was closed; run the query again");
    }

    /** Closes it for its reader, whose next {@link #next} fails with {@code UNAVAILABLE} saying {@code because}. */
    void closeBecause(String because) {
        closedBecause = because;
        close();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "BigQueryQueryResult[" + what + ", rows=" + limits.rows() + (closed.get() ? ", closed" : "") + "]";
    }
}
