package com.carto.connections.cli;

import java.io.PrintWriter;

/** A one-line progress bar on standard error, redrawn in place: {@code [#####     ]  50/100 secrets}. */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long total;
    private final String unit;

    ProgressBar(PrintWriter err, long total, String unit) {
        this.err = err;
        this.total = total;
        this.unit = unit;
    }

    void show(long done) {
        long clamped = Math.max(0, Math.min(done, total));
        int filled = total == 0 ? WIDTH : (int) (clamped * WIDTH / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + clamped + "/" + total + " " + unit);
        err.flush();
    }

    void finish(long done) {
        show(done);
        err.println();
    }
}
