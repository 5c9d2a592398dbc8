package com.carto.connections.query;

import java.io.Flushable;
import java.io.IOException;

/**
 * When a writer pushes what it buffered to the caller's stream: after the first row, so the first bytes leave
 * before the query finishes, then at most every 100 ms while rows keep coming, so a slow query still trickles out
 * and a fast one is not slowed by a flush per row. Buffers stay bounded in between (Jackson writes its 8 KB buffer
 * through when it fills), so memory is flat whatever the row count.
 */
final class OutputFlushes {
    private static final long INTERVAL_NANOS = 100_000_000L;
    private static final int CHECK_EVERY_ROWS = 256;

    private final Flushable target;
    private long rows;
    private long lastFlush;

    OutputFlushes(Flushable target) {
        this.target = target;
    }

    void afterRow() throws IOException {
        rows++;
        if (rows == 1) {
            flush();
        } else if (rows % CHECK_EVERY_ROWS == 0 && System.nanoTime() - lastFlush >= INTERVAL_NANOS) {
            flush();
        }
    }

    private void flush() throws IOException {
        target.flush();
        lastFlush = System.nanoTime();
    }
}
