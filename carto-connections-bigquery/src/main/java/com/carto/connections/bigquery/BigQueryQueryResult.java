package com.carto.connections.bigquery;

import com.carto.connections.Column;
import com.carto.connections.ConnectionException;
import com.carto.connections.ErrorCategory;
import com.carto.connections.Geometry;
import com.carto.connections.QueryResult;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.TableResult;
import java.util.Iterator;
import java.util.List;

/**
 * A cursor over a finished query job's rows. The client library fetches one page ({@code tabledata.list}) at a time
 * as the iterator passes its end, so only the current page is held in memory.
 */
final class BigQueryQueryResult implements QueryResult {
    private final String what;
    private final FieldList fields;
    private final List<Column> columns;
    private final Iterator<FieldValueList> rows;
    private final Object[] row;
    private final long maxRows;
    private final long maxBytes;
    private final Runnable onClose;
    private long rowCount;
    private long bytesRead;
    private boolean onRow;
    private boolean exhausted;
    private boolean closed;

    BigQueryQueryResult(String what, TableResult result, long maxRows, long maxBytes, Runnable onClose) {
        this.what = what;
        this.fields = result.getSchema() == null ? FieldList.of() : result.getSchema().getFields();
        this.columns = BigQueryValues.columns(fields);
        this.rows = result.iterateAll().iterator();
        this.row = new Object[fields.size()];
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
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
        if (closed) {
            throw new IllegalStateException("the result is closed");
        }
        onRow = false;
        try {
            if (!rows.hasNext()) {
                exhausted = true;
                close();
                return false;
            }
            if (maxRows > 0 && rowCount == maxRows) {
                throw limitExceeded("more than " + maxRows + " rows");
            }
            FieldValueList cells = rows.next();
            for (int index = 0; index < row.length; index++) {
                row[index] = BigQueryValues.value(fields.get(index), cells.get(index));
            }
        } catch (BigQueryException e) {
            close();
            throw BigQueryErrors.translate(what, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        rowCount++;
        if (maxBytes > 0) {
            bytesRead += estimateBytes(row);
            if (bytesRead > maxBytes) {
                throw limitExceeded("more than " + maxBytes + " bytes");
            }
        }
        onRow = true;
        return true;
    }

    private ConnectionException limitExceeded(String limit) {
        close();
        return new ConnectionException(ErrorCategory.LIMIT_EXCEEDED,
                what + " returned " + limit + "; stopped after reading " + rowCount + " rows (" + bytesRead + " bytes)");
    }

    @Override
    public Object value(int columnIndex) {
        if (!onRow) {
            throw new IllegalStateException("no current row: call next() first");
        }
        return row[columnIndex];
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    /** Text and binary count their length; structured values their parts; any other value eight bytes. */
    private static long estimateBytes(Object[] values) {
        long bytes = 0;
        for (Object value : values) {
            bytes += size(value);
        }
        return bytes;
    }

    private static long size(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof byte[] binary) {
            return binary.length;
        }
        if (value instanceof Geometry geometry) {
            return geometry.wkbLength();
        }
        if (value instanceof List<?> list) {
            return list.stream().mapToLong(BigQueryQueryResult::size).sum();
        }
        if (value instanceof java.util.Map<?, ?> map) {
            return map.values().stream().mapToLong(BigQueryQueryResult::size).sum();
        }
        return 8;
    }

    @Override
    public String toString() {
        return "BigQueryQueryResult[" + what + ", rows=" + rowCount + (closed ? ", closed" : "") + "]";
    }
}
