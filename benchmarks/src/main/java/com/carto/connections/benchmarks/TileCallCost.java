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
import java.util.Map;

/**
 * (9b) What one tile call costs the caller's thread, apart from the tile: a tile at z9 on the map's northern edge,
 * far from the diagonals of {@code bench_points} (its bytes are reported; PostGIS answers it at once), served many times by
 * one caller through {@code connections.tile} and by the raw {@code ST_AsMVT} statement of line (9), alternating
 * sides round by round. Reported: the calling thread's CPU per tile on each side (its median over the rounds) and the
 * difference, the facade's own CPU per tile. Then the same for the tile of middle size among line (8)'s, so that what
 * the facade spends in proportion to a tile's bytes shows apart from what a call costs. Thread CPU rather than wall
 * time: on this shared machine wall time moves with the neighbours' builds, a thread's CPU far less.
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
            Sides empty = measure(environment, raw, facade, id, source, EMPTY_TILE, tilesPerRound, smoke);
            TileCoordinates middle = middleSizedTile(raw);
            Sides full = measure(environment, raw, facade, id, source, middle, smoke ? 5 : 100, smoke);
            double perKilobyte = full.bytes == 0
                    ? 0
                    : (full.facadeMedian() - full.rawMedian() - (empty.facadeMedian() - empty.rawMedian()))
                            / (full.bytes / 1024.0);
            return new Outcome(
                    "(9b) a tile call's own CPU: one empty tile and one of middle size, 1 caller",
                    "raw ST_AsMVT over JDBC",
                    "connections.tile (pushdown)",
                    String.format(
                            Locale.ROOT,
                            "+%.0f µs CPU/tile empty, +%.0f µs at %,d bytes",
                            empty.facadeMedian() - empty.rawMedian(),
                            full.facadeMedian() - full.rawMedian(),
                            full.bytes),
                    "report",
                    true,
                    String.format(
                            Locale.ROOT,
                            "calling thread's CPU per tile, median of %d rounds: the empty tile %s (%,d tiles a round):"
                                    + " %s; the tile %s of the middle size among line (8)'s (%,d tiles a round): %s;"
                                    + " the facade's extra beyond the empty tile's, per KiB of tile: %.2f µs.",
                            ROUNDS,
                            EMPTY_TILE,
                            tilesPerRound,
                            empty.describe(),
                            middle,
                            smoke ? 5 : 100,
                            full.describe(),
                            perKilobyte));
        }
    }

    private static Sides measure(
            BenchEnvironment environment,
            HikariDataSource raw,
            BenchFacade facade,
            String id,
            TileSource source,
            TileCoordinates tile,
            int tilesPerRound,
            boolean smoke)
            throws Exception {
        TileWork rawSide = () -> TileServing.rawTile(raw, tile);
        TileWork facadeSide = () -> TileServing.facadeTile(facade.connections(), id, source, tile);
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
        Sides sides = new Sides(facadeSide.serve(), rawCpu, facadeCpu);
        environment.log("  tile cost, " + tile + ": " + sides.describe());
        return sides;
    }

    /** The tile of line (8)'s list whose raw tile is of the middle size: a tile as large as the maps' usual ones. */
    private static TileCoordinates middleSizedTile(HikariDataSource raw) throws Exception {
        List<Map.Entry<Integer, TileCoordinates>> sized = new ArrayList<>();
        for (TileCoordinates tile : VectorTiles.TILES) {
            sized.add(Map.entry(TileServing.rawTile(raw, tile), tile));
        }
        sized.sort(Map.Entry.comparingByKey());
        return sized.get(sized.size() / 2).getValue();
    }

    private record Sides(int bytes, List<Double> rawCpu, List<Double> facadeCpu) {
        double rawMedian() {
            return median(rawCpu);
        }

        double facadeMedian() {
            return median(facadeCpu);
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%,d bytes, raw %.1f µs (rounds %s), facade %.1f µs (rounds %s)",
                    bytes,
                    rawMedian(),
                    rounded(rawCpu),
                    facadeMedian(),
                    rounded(facadeCpu));
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
