package com.carto.connections.spi.jdbc;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ResultLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A forward-only cursor over a JDBC result set that owns its statement and borrowed connection.
 *
 * <p>The first batch of rows is read from the driver as they are asked for. A longer result, when the
 * read-ahead is on ({@link ReadAhead.Mode}), then reads through a {@link ReadAhead}: a second thread fetches and
 * decodes the next batch while the caller works on the current one. The rules stay those of reading directly: limits
 * are counted as the caller moves to each row, the deadline is checked on every {@link #next}, and a failure of the
 * read-ahead reaches the caller after the rows before it, translated as a failure of its own read would be.
 */
final class JdbcQueryResult implements QueryResult {
    // At most this many rows per read-ahead batch. Two batches of a whole fetch (10,000 rows) were measured to hold six
    // times the live heap of reading directly under -Xmx256m (41.5 MB against 7 MB after GC, GC time 0.7 s to 8.6 s).
    private static final int MAX_BATCH_ROWS = 1_000;
    // Smaller batches than this cost more in handoffs than aligning them with the fetches saves.
    private static final int MIN_ALIGNED_BATCH_ROWS = 100;
    // The estimated weight (ResultLimits.estimateBytes) at which a batch is handed over before it is full.
    static final long BATCH_BYTES = 1 << 20;

    private final JdbcDialect dialect;
    private final String what;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final List<Column> columns;
    private final ColumnType[] types;
    // For each geometry column, how it is decoded; null for the others.
    private final GeometryColumn[] geometries;
    // FLOAT columns of single precision, read through JdbcTypes.singlePrecision to keep the float's digits.
    private final boolean[] singlePrecision;
    // timetz columns, read through JdbcTypes.timeWithTimeZone to keep their offset.
    private final boolean[] timeWithTimeZone;
    private final Object[] row;
    // The row (1-based count) whose value row[i] holds; 0 before any.
    private final long[] readAtRow;
    private final ResultLimits limits;
    private final StalledReadAbort watch;
    private final ReadAhead.Mode readAheadMode;
    // Whether the result runs in a transaction of its own (a cursor), which closing commits or rolls back.
    private final boolean inTransaction;
    // Rows read directly before the read-ahead starts (a short result never starts a thread), and rows per batch.
    private final int batchRows;
    private final RowBatch.Kind[] kinds;
    // Columns whose values vary in size (text, binary, geometry, JSON, arrays, structs), weighed for the batch bound.
    private final boolean[] weighed;
    // Set once the read-ahead starts; from then on only its thread touches the result set until it is stopped.
    private @Nullable ReadAhead readAhead;
    // The batch the caller is on and its row in it; null while reading directly.
    private @Nullable RowBatch batch;
    private int batchRow;
    // Rows the read-ahead took from the driver, for tests; written by its thread only.
    private final AtomicLong rowsFetchedAhead = new AtomicLong();
    private boolean onRow;
    private boolean exhausted;
    // The reader and the closer of an abandoned result may close at once; under closeLock.
    private volatile boolean closed;
    private final Object closeLock = new Object();

    JdbcQueryResult(
            JdbcDialect dialect,
            String what,
            Connection connection,
            PreparedStatement statement,
            ResultSet resultSet,
            List<Column> columns,
            List<GeometryColumn> geometries,
            ResultLimits limits,
            StalledReadAbort watch,
            ReadAhead.Mode readAheadMode,
            int fetchSize,
            boolean inTransaction) {
        this.dialect = dialect;
        this.what = what;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.columns = List.copyOf(columns);
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        this.geometries = geometries.toArray(GeometryColumn[]::new);
        this.singlePrecision = new boolean[columns.size()];
        this.timeWithTimeZone = new boolean[columns.size()];
        for (int index = 0; index < singlePrecision.length; index++) {
            String nativeType = columns.get(index).nativeType();
            singlePrecision[index] = types[index] == ColumnType.FLOAT && JdbcTypes.isSinglePrecision(nativeType);
            timeWithTimeZone[index] = types[index] == ColumnType.STRING && JdbcTypes.isTimeWithTimeZone(nativeType);
        }
        this.row = new Object[columns.size()];
        this.readAtRow = new long[columns.size()];
        this.limits = limits;
        this.watch = watch;
        this.readAheadMode = readAheadMode;
        this.inTransaction = inTransaction;
        this.batchRows = batchRows(fetchSize);
        this.kinds = new RowBatch.Kind[columns.size()];
        this.weighed = new boolean[columns.size()];
        for (int index = 0; index < kinds.length; index++) {
            boolean plain = this.geometries[index] == null;
            kinds[index] = plain && types[index] == ColumnType.INTEGER
                    ? RowBatch.Kind.LONG
                    : plain && types[index] == ColumnType.FLOAT && !singlePrecision[index]
                            ? RowBatch.Kind.DOUBLE
                            : RowBatch.Kind.OBJECT;
            weighed[index] = switch (types[index]) {
                case STRING, BYTES, JSON, ARRAY, STRUCT, GEOMETRY -> true;
                default -> false;
            };
        }
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
        if (watch.pastDeadline()) {
            // A cancel reaches only a fetch that is running, so a caller reading slowly between fetches would read on.
            throw expired();
        }
        if (batch != null || startReadAhead()) {
            return nextAhead();
        }
        try {
            if (!resultSet.next()) {
                exhausted = true;
                onRow = false;
                finish(true);
                return false;
            }
            try {
                limits.beforeRow();
                if (limits.countsBytes()) {
                    // Counting bytes needs every value; otherwise values are read when asked for (see value).
                    for (int index = 0; index < types.length; index++) {
                        row[index] = read(index);
                        readAtRow[index] = limits.rows() + 1;
                    }
                }
                limits.afterRow(row);
            } catch (ConnectionException e) {
                throw limitExceeded(e);
            }
            onRow = true;
            return true;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The largest divisor of the fetch size up to {@link #MAX_BATCH_ROWS}, so that a batch ends where a fetch does: the
     * rows the driver already holds are handed over without waiting for its next round trip (which may be slow, or
     * fail, as reading directly would have shown only after them). A fetch size with no divisor of a useful size (a
     * prime) gets full batches, and a batch may then wait for a fetch for rows the driver had.
     */
    static int batchRows(int fetchSize) {
        if (fetchSize <= 0) {
            return MAX_BATCH_ROWS;
        }
        for (int rows = Math.min(fetchSize, MAX_BATCH_ROWS); rows >= MIN_ALIGNED_BATCH_ROWS; rows--) {
            if (fetchSize % rows == 0) {
                return rows;
            }
        }
        return MAX_BATCH_ROWS;
    }

    /** Starts the read-ahead once the rows read directly are done, if it is on. */
    private boolean startReadAhead() {
        if (readAhead != null) {
            return true;
        }
        if (limits.rows() != batchRows || !readAheadMode.enabled()) {
            return false;
        }
        ReadAhead started = new ReadAhead(() -> new RowBatch(kinds, batchRows), this::fill, watch::cancel);
        readAhead = started;
        started.start();
        return true;
    }

    /** The next row from the read-ahead's batches. */
    private boolean nextAhead() {
        ReadAhead ahead = requireNonNull(readAhead, "started before reading ahead");
        RowBatch current = batch;
        if (current != null && batchRow + 1 < current.rows) {
            batchRow++;
        } else {
            batch = null;
            onRow = false;
            if (current != null) {
                if (current.ends()) {
                    return endOfRows(current);
                }
                ahead.release(current);
            }
            current = ahead.take();
            if (current.rows == 0) {
                return endOfRows(current);
            }
            batch = current;
            batchRow = 0;
        }
        try {
            limits.beforeRow();
            if (limits.countsBytes()) {
                for (int index = 0; index < types.length; index++) {
                    row[index] = current.value(index, batchRow);
                }
            }
            limits.afterRow(row);
        } catch (ConnectionException e) {
            throw limitExceeded(e);
        }
        onRow = true;
        return true;
    }

    /** After the last batch's rows: the end of the result, or what ended reading, as reading directly reports it. */
    private boolean endOfRows(RowBatch last) {
        Throwable failure = last.failure;
        if (last.expired) {
            throw expired();
        }
        if (failure == null) {
            exhausted = true;
            finish(true);
            return false;
        }
        if (failure instanceof SQLException e) {
            throw failed(e);
        }
        closeQuietly(false);
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) failure;
    }

    /**
     * On the read-ahead's thread: decodes rows into the batch until it is full or heavy; false at the end of the rows.
     * Past the deadline it fetches nothing more (the caller's next {@link #next} reports the timeout).
     */
    private boolean fill(RowBatch into) throws SQLException {
        if (watch.pastDeadline()) {
            into.expired = true;
            return true;
        }
        long fetched = 0;
        try {
            while (into.rows < batchRows && into.bytes < BATCH_BYTES) {
                if (!resultSet.next()) {
                    return false;
                }
                fetched++;
                int at = into.rows;
                for (int index = 0; index < kinds.length; index++) {
                    switch (kinds[index]) {
                        case LONG -> {
                            long value = resultSet.getLong(index + 1);
                            into.longs(index)[at] = value;
                            into.nulls(index)[at] = value == 0 && resultSet.wasNull();
                        }
                        case DOUBLE -> {
                            double value = resultSet.getDouble(index + 1);
                            into.doubles(index)[at] = value;
                            into.nulls(index)[at] = value == 0 && resultSet.wasNull();
                        }
                        case OBJECT -> {
                            Object value = read(index);
                            into.objects(index)[at] = value;
                            // Only the types whose values vary in size are weighed; the batch bound needs no more.
                            into.bytes += value == null ? 0 : weighed[index] ? ResultLimits.estimateBytes(value) : 8;
                        }
                    }
                }
                into.rows = at + 1;
            }
            return true;
        } finally {
            rowsFetchedAhead.addAndGet(fetched);
        }
    }

    /**
     * The failure of a read past the deadline: the query is cancelled on the warehouse (again, if the deadline task
     * already did), and closing rolls its transaction back, which ends the server's cursor, before reporting.
     */
    private ConnectionException expired() {
        watch.cancel();
        closeQuietly(false);
        return new ConnectionException(ErrorCategory.TIMEOUT, timeoutMessage());
    }

    private String timeoutMessage() {
        return what + " was cancelled on the warehouse after its timeout of " + watch.timeout() + "; " + limits.rows()
                + " rows were read";
    }

    /** The failure to report for a driver error while reading; the result is closed and its connection returned. */
    private ConnectionException failed(SQLException e) {
        ConnectionException failure = watch.timedOut()
                ? new ConnectionException(ErrorCategory.TIMEOUT, timeoutMessage(), e, e.getSQLState(), e.getErrorCode())
                : JdbcErrors.translate(dialect, what, e);
        closeQuietly(false);
        return failure;
    }

    /** Stops the query on the warehouse and returns the connection before reporting the exceeded limit. */
    private ConnectionException limitExceeded(ConnectionException exceeded) {
        watch.cancel();
        closeQuietly(false);
        return exceeded;
    }

    /** One value of the current row, decoded by its type (and geometry columns by their encoding). */
    private @Nullable Object read(int columnIndex) throws SQLException {
        GeometryColumn geometry = geometries[columnIndex];
        if (geometry != null) {
            return JdbcTypes.geometry(resultSet, columnIndex + 1, geometry);
        }
        if (singlePrecision[columnIndex]) {
            return JdbcTypes.singlePrecision(resultSet, columnIndex + 1);
        }
        return timeWithTimeZone[columnIndex]
                ? JdbcTypes.timeWithTimeZone(resultSet, columnIndex + 1)
                : dialect.read(types[columnIndex], resultSet, columnIndex + 1);
    }

    /**
     * Reads the value from the driver on first use in a row and keeps it for the rest of the row: a column nobody
     * asks for is never decoded, and one asked for twice is decoded once.
     */
    @Override
    public @Nullable Object value(int columnIndex) {
        checkOnRow(columnIndex);
        RowBatch current = batch;
        if (current != null) {
            return current.value(columnIndex, batchRow);
        }
        if (readAtRow[columnIndex] != limits.rows()) {
            try {
                row[columnIndex] = read(columnIndex);
            } catch (SQLException e) {
                throw failed(e);
            }
            readAtRow[columnIndex] = limits.rows();
        }
        return row[columnIndex];
    }

    @Override
    public long longValue(int columnIndex) {
        checkOnRow(columnIndex);
        RowBatch current = batch;
        if (current != null) {
            return kinds[columnIndex] == RowBatch.Kind.LONG
                    ? current.longs(columnIndex)[batchRow]
                    : QueryResult.super.longValue(columnIndex);
        }
        if (types[columnIndex] != ColumnType.INTEGER || readAtRow[columnIndex] == limits.rows()) {
            return QueryResult.super.longValue(columnIndex);
        }
        try {
            // Straight from the driver: no Long is allocated per row.
            return resultSet.getLong(columnIndex + 1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public double doubleValue(int columnIndex) {
        checkOnRow(columnIndex);
        RowBatch current = batch;
        if (current != null) {
            return kinds[columnIndex] == RowBatch.Kind.DOUBLE
                    ? current.doubles(columnIndex)[batchRow]
                    : QueryResult.super.doubleValue(columnIndex);
        }
        if (types[columnIndex] != ColumnType.FLOAT
                || singlePrecision[columnIndex]
                || readAtRow[columnIndex] == limits.rows()) {
            return QueryResult.super.doubleValue(columnIndex);
        }
        try {
            return resultSet.getDouble(columnIndex + 1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isNull(int columnIndex) {
        checkOnRow(columnIndex);
        RowBatch current = batch;
        if (current != null) {
            return current.isNull(columnIndex, batchRow);
        }
        ColumnType type = types[columnIndex];
        if ((type != ColumnType.INTEGER && type != ColumnType.FLOAT) || readAtRow[columnIndex] == limits.rows()) {
            return value(columnIndex) == null;
        }
        try {
            if (type == ColumnType.INTEGER) {
                resultSet.getLong(columnIndex + 1);
            } else {
                resultSet.getDouble(columnIndex + 1);
            }
            return resultSet.wasNull();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void checkOnRow(int columnIndex) {
        if (!onRow) {
            throw new IllegalStateException("no current row: call next() first");
        }
        if (columnIndex < 0 || columnIndex >= types.length) {
            throw new IndexOutOfBoundsException("column " + columnIndex + " of " + types.length);
        }
    }

    @Override
    public long rowCount() {
        return limits.rows();
    }

    @Override
    public void close() {
        if (!closed) {
            closeQuietly(exhausted);
        }
    }

    private void finish(boolean success) {
        closeQuietly(success);
    }

    /**
     * Ends the transaction and hands the connection back. The commit or rollback is a round trip too, so the
     * {@link StalledReadAbort} stays armed until it is done; only then is the connection returned.
     */
    private void closeQuietly(boolean commit) {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onRow = false;
        ReadAhead ahead = readAhead;
        if (ahead != null) {
            // Out of the driver before the transaction ends: a fetch it is blocked in is cancelled on the warehouse.
            ahead.stop();
        }
        // A result read whole by its execute ran in autocommit: no transaction to end, and no round trip to pay for it.
        try {
            if (inTransaction && commit) {
                connection.commit();
            } else if (inTransaction) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // A broken connection is discarded by the pool when it is closed; nothing more to do for the caller.
        }
        watch.disarm();
        try (connection;
                statement;
                resultSet) {
            // Closed last first: the result set, the statement, then the connection goes back to the pool.
        } catch (SQLException | RuntimeException ignored) {
            // As above.
        }
    }

    /** For tests: the read-ahead, once started. */
    @Nullable
    ReadAhead readAhead() {
        return readAhead;
    }

    /** For tests: rows read directly before the read-ahead, and rows per batch. */
    int batchRows() {
        return batchRows;
    }

    /** For tests: rows the read-ahead took from the driver so far. */
    long rowsFetchedAhead() {
        return rowsFetchedAhead.get();
    }

    @Override
    public String toString() {
        return "JdbcQueryResult[" + what + ", rows=" + limits.rows() + (closed ? ", closed" : "") + "]";
    }
}
