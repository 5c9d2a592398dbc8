package com.carto.connections.benchmarks;

/** (1b) As {@link StreamRows}, but the SDK side reads every value through {@code value(i)}, boxing numbers. */
final class StreamRowsBoxed implements Benchmark {
    @Override
    public String key() {
        return "stream-boxed";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        return SideBySide.compare(
                environment,
                "(1b) as (1), every value through value(i)",
                "rows",
                0.97,
                () -> StreamRows.raw(environment),
                () -> StreamRows.sdkBoxed(environment),
                "Same reference as (1); the SDK boxes the two integer columns and the float column of every row.");
    }
}
