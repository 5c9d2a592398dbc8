package com.carto.connections.benchmarks;

import java.io.OutputStream;

/** An output stream that counts what it is given and keeps nothing: the sink of the writer benchmarks. */
final class DiscardingOutputStream extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
        bytes++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        bytes += length;
    }

    long bytes() {
        return bytes;
    }
}
