package com.carto.connections.benchmarks;

/**
 * One line of the harness's table. Implement it in a class of its own and add it to {@link Harness#BENCHMARKS}:
 * a side-by-side throughput comparison uses {@link SideBySide#compare}, anything else (heap, sockets, threads) fills
 * an {@link Outcome} itself.
 */
interface Benchmark {
    /** A short key for {@code --only}, e.g. {@code stream}. */
    String key();

    Outcome run(BenchEnvironment environment) throws Exception;
}
