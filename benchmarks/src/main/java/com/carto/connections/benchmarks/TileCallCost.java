package com.carto.connections.benchmarks;

import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * (9b) What one tile call costs the caller's thread, apart from the tile: a tile at z9 on the map's northern edge,
 * far from the diagonals of {@code bench_points} (its bytes are reported; PostGIS answers it at once), served many times by
 * one caller through {@code connections.tile} and by the raw {@code ST_AsMVT} statement of line (9), alternating
 * sides round by round. Reported: the calling thread's CPU per tile on each side (its median over the rounds) and the
 * difference, the facade's own CPU per tile. Thread CPU rather than wall time: on this shared machine wall time moves
 * with the neighbours' builds, a thread's CPU far less.
 */
final class TileCallCost implements Benchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final TileCoordinates EMPTY_TILE = new TileCoordinates(9, 128, 0);
    private static final int ROUNDS = 7;
    /** The facade's path is far more code than the raw statement's: C2 is still compiling it after a few rounds. */
    private static final Duration WARM_UP = Duration.ofSeconds(20);

    @Override
    public String key() {
        return "tile-cost";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        VectorTiles.indexPoints(environment);
        boolean smoke = environment.sizes().equals(Sizes.SMOKE);
        int tilesPerRound = smoke ? 20 : 2_000;
        try (BenchFacade facade = BenchFacade.start(
                        environment.postgres(), BenchFacade.StoreKind.H2, environment.database(), "bench_tile_cost");
                HikariDataSource raw = TileServing.rawPool(environment)) {
            environment
                    .postgres()
                    .psql(environment.database(), "grant select on bench_points to \"" + facade.role() + "\"");
            String id = facade.connections()
                    .create(BenchFacade.owner(), facade.draft("tile-cost", 32))
                    .id();
            TileSource source = TileSource.table(List.of("bench_points"), "geom")
                    .featureId("id")
                    .maxFeatures(Integer.MAX_VALUE - 1)
                    .maxBytes(Integer.MAX_VALUE);
            TileWork rawSide = () -> TileServing.rawTile(raw, EMPTY_TILE);
            TileWork facadeSide = () -> TileServing.facadeTile(facade.connections(), id, source, EMPTY_TILE);
            long warmUntil = System.nanoTime() + (smoke ? 0 : WARM_UP.toNanos());
            do {
                cpuMicrosPerTile(tilesPerRound, rawSide);
                cpuMicrosPerTile(tilesPerRound, facadeSide);
            } while (System.nanoTime() - warmUntil < 0);
            List<Double> rawCpu = new ArrayList<>();
            List<Double> facadeCpu = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                if (round % 2 == 0) {
                    rawCpu.add(cpuMicrosPerTile(tilesPerRound, rawSide));
                    facadeCpu.add(cpuMicrosPerTile(tilesPerRound, facadeSide));
                } else {
                    facadeCpu.add(cpuMicrosPerTile(tilesPerRound, facadeSide));
                    rawCpu.add(cpuMicrosPerTile(tilesPerRound, rawSide));
                }
            }
            int bytes = facadeSide.serve();
            double rawMedian = median(rawCpu);
            double facadeMedian = median(facadeCpu);
            environment.log(String.format(
                    Locale.ROOT,
                    "  tile cost: raw %.1f µs CPU/tile %s, facade %.1f µs CPU/tile %s",
                    rawMedian,
                    rawCpu,
                    facadeMedian,
                    facadeCpu));
            return new Outcome(
                    "(9b) a tile call's own CPU: one empty tile, 1 caller",
                    "raw ST_AsMVT over JDBC",
                    "connections.tile (pushdown)",
                    String.format(Locale.ROOT, "+%.0f µs CPU/tile", facadeMedian - rawMedian),
                    "report",
                    true,
                    String.format(
                            Locale.ROOT,
                            "calling thread's CPU per tile (%,d bytes), median of %d rounds of %,d tiles: raw %.1f µs"
                                    + " (rounds %s), facade %.1f µs (rounds %s).",
                            bytes,
                            ROUNDS,
                            tilesPerRound,
                            rawMedian,
                            rounded(rawCpu),
                            facadeMedian,
                            rounded(facadeCpu)));
        }
    }

    @FunctionalInterface
    private interface TileWork {
        int serve() throws Exception;
    }

    private static double cpuMicrosPerTile(int tiles, TileWork work) throws Exception {
        long started = THREADS.getCurrentThreadCpuTime();
        for (int tile = 0; tile < tiles; tile++) {
            work.serve();
        }
        return (THREADS.getCurrentThreadCpuTime() - started) / 1e3 / tiles;
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String rounded(List<Double> values) {
        return values.stream()
                .map(value -> String.format(Locale.ROOT, "%.0f", value))
                .toList()
                .toString();
    }
}
