package com.carto.connections.internal;

import com.carto.connections.check.CheckOptions;
import com.carto.connections.check.CheckReport;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Catalog;
import com.carto.connections.query.Column;
import com.carto.connections.query.ColumnType;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.WarehouseClient;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A warehouse client with no warehouse, for the cache's bookkeeping: {@code query("rows N")} streams N integers,
 * {@code query("fail")} and {@code execute("fail")} fail, {@code execute("wait")} and reading a {@code "rows N wait"}
 * result block until {@link #proceed()}; it records how often it was closed and what is still open on it.
 */
final class RecordingClient implements WarehouseClient {
    final String name;
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicInteger openResults = new AtomicInteger();
    private final CountDownLatch proceed = new CountDownLatch(1);
    private final CountDownLatch waiting = new CountDownLatch(1);

    RecordingClient(String name) {
        this.name = name;
    }

    @Override
    public CheckReport check(CheckOptions options) {
        throw new UnsupportedOperationException("the cache never checks");
    }

    @Override
    public QueryResult query(Query query) {
        requireOpen();
        String[] words = query.sql().split(" ");
        if (words[0].equals("fail")) {
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "the fake warehouse refused the query");
        }
        openResults.incrementAndGet();
        return new Rows(Integer.parseInt(words[1]), words.length > 2 && words[2].equals("wait"));
    }

    @Override
    public long execute(Query statement) {
        requireOpen();
        switch (statement.sql()) {
            case "fail" ->
                throw new ConnectionException(ErrorCategory.UNAVAILABLE, "the fake warehouse refused the statement");
            case "wait" -> awaitProceed();
            default -> {}
        }
        return 1;
    }

    @Override
    public Catalog catalog() {
        throw new UnsupportedOperationException("the cache never browses");
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    int closes() {
        return closes.get();
    }

    boolean isClosed() {
        return closes.get() > 0;
    }

    int openResults() {
        return openResults.get();
    }

    /** Lets every blocked statement and read go on. */
    void proceed() {
        proceed.countDown();
    }

    /** Blocks until a statement or read is blocked waiting for {@link #proceed()}. */
    void awaitWaiting() {
        try {
            if (!waiting.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("nothing started waiting on " + name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void awaitProceed() {
        waiting.countDown();
        try {
            if (!proceed.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never let " + name + " proceed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "interrupted");
        }
    }

    private void requireOpen() {
        if (isClosed()) {
            throw new ConnectionException(ErrorCategory.UNAVAILABLE, "the client " + name + " is closed");
        }
    }

    @Override
    public String toString() {
        return "RecordingClient[" + name + "]";
    }

    private final class Rows implements QueryResult {
        private final int rows;
        private final boolean waitBeforeRows;
        private long read;
        private boolean closed;

        Rows(int rows, boolean waitBeforeRows) {
            this.rows = rows;
            this.waitBeforeRows = waitBeforeRows;
        }

        @Override
        public List<Column> columns() {
            return List.of(new Column("n", ColumnType.INTEGER, "int"));
        }

        @Override
        public boolean next() {
            if (closed) {
                throw new IllegalStateException("the result is closed");
            }
            if (waitBeforeRows) {
                awaitProceed();
            }
            if (read == rows) {
                close();
                return false;
            }
            read++;
            return true;
        }

        @Override
        public Object value(int columnIndex) {
            return read;
        }

        @Override
        public long rowCount() {
            return read;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                openResults.decrementAndGet();
            }
        }
    }
}
