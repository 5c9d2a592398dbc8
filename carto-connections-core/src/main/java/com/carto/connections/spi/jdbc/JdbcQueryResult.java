package com.carto.connections.spi.jdbc;

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
import org.jspecify.annotations.Nullable;

/** A forward-only cursor over a JDBC result set that owns its statement and borrowed connection. */
final class JdbcQueryResult implements QueryResult {
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
            StalledReadAbort watch) {
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
        try {
            if (commit) {
                connection.commit();
            } else {
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

    @Override
    public String toString() {
        return "JdbcQueryResult[" + what + ", rows=" + limits.rows() + (closed ? ", closed" : "") + "]";
    }
}
