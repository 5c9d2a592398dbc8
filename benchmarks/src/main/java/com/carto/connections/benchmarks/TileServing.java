package com.carto.connections.benchmarks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.Connections;
import com.carto.connections.access.Principal;
import com.carto.connections.tiles.Tile;
import com.carto.connections.tiles.TileCoordinates;
import com.carto.connections.tiles.TileSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (9) Tiles served through the facade ({@code connections.tile}, PostGIS building each tile) against the same
 * {@code ST_AsMVT} statement over raw JDBC, at 1, 8 and 32 callers over {@link #SERVED}; then the SDK's
 * client-side encoder through the facade against the pushdown, one caller. Both sides are first served, unmeasured,
 * at 32 callers for {@link #WARM_UP_ROUNDS} rounds and at least {@link #WARM_UP}. Each caller takes the next tile of
 * the list until every tile is done; a round is every tile once. Reported: tiles per second (median of the measured
 * rounds), p50 and p95 latency over every tile of the measured rounds; the first round of each caller count apart
 * (cold), then one round or more unmeasured.
 */
final class TileServing implements Benchmark {
    private static final int[] CALLERS = {1, 8, 32};
    private static final int MEASURED_ROUNDS = 3;
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    private static final int WARM_UP_ROUNDS = 2;
    /**
     * Four times line (8)'s points along the same diagonals: with line (8)'s 36 tiles, 32 callers took one or two
     * tiles each, and a round's time was its slowest tile's (a z2 tile of ≈ 190,000 points), not a rate.
     */
    static final List<TileCoordinates> SERVED = VectorTiles.tiles(144);

    private static final com.sun.management.OperatingSystemMXBean SYSTEM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String REFERENCE_SQL = "select ST_AsMVT(q, 'default', 4096, 'geom', 'id') from (select id,"
            + " ST_AsMVTGeom(ST_Transform(ST_ClipByBox2D(geom, ST_MakeEnvelope(-180, -85.0511287798066, 180,"
            + " 85.0511287798066, 4326)), 3857), ST_TileEnvelope(?, ?, ?), 4096, 64, true) as geom from bench_points"
            + " where geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) order by id) q";

    @Override
    public String key() {
        return "tile-serving";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        VectorTiles.indexPoints(environment);
        List<TileCoordinates> tiles = SERVED;
        StringBuilder table = new StringBuilder();
        double worstRatio = Double.MAX_VALUE;
        try (BenchFacade facade = BenchFacade.start(
                        environment.postgres(), BenchFacade.StoreKind.H2, environment.database(), "bench_tiles");
                HikariDataSource raw = rawPool(environment)) {
            environment
                    .postgres()
                    .psql(environment.database(), "grant select on bench_points to \"" + facade.role() + "\"");
            String id = facade.connections()
                    .create(BenchFacade.owner(), facade.draft("tiles", 32))
                    .id();
            // No cap cuts a tile here: the reference has none, and a cut tile would not be the same work.
            TileSource source = TileSource.table(List.of("bench_points"), "geom")
                    .featureId("id")
                    .maxFeatures(Integer.MAX_VALUE - 1)
                    .maxBytes(Integer.MAX_VALUE);
            // Served, unmeasured, until the JIT is done with both sides: the facade's path is far more code than the
            // raw statement's, and a profile of the first runs (36 tiles a round) showed C2 still compiling the
            // driver, the store's read and JSON parsing during the measured rounds, at several times the CPU per tile.
            // At the most callers measured, for at least WARM_UP_ROUNDS rounds: every pooled connection of either side
            // has then run the statement about eight times, past the five after which PostgreSQL may keep a generic
            // plan for it (https://www.postgresql.org/docs/15/sql-prepare.html). Until then each execution is planned
            // for its own numbers, and a plan estimated above jit_inline_above_cost is JIT-compiled first: 60-250 ms
            // on this machine for a middle-size tile, more often for the SDK's statement, whose cap's LIMIT
            // PostgreSQL costs higher.
            long warmUntil = System.nanoTime() + WARM_UP.toNanos();
            int warmCallers = CALLERS[CALLERS.length - 1];
            for (int round = 0; round < WARM_UP_ROUNDS || System.nanoTime() - warmUntil < 0; round++) {
                serve(warmCallers, tiles, tile -> rawTile(raw, tile));
                serve(warmCallers, tiles, tile -> facadeTile(facade.connections(), id, source, tile));
                environment.log("  tiles, warm-up round " + round);
            }
            for (int callers : CALLERS) {
                Side reference = new Side();
                Side sdk = new Side();
                // The SDK's pool lets a connection idle for 60 s go (minimumIdle 0), the raw pool keeps its 32: a
                // phase starts on connections the SDK opens again. Its first round is reported apart (cold); more are
                // served unmeasured, until each connection has run the statement about ten times on average, so that
                // the measured rounds find the connections past their first five executions on both sides.
                for (int turn = 0; turn < 2; turn++) {
                    Round first = turn == 0
                            ? serve(callers, tiles, tile -> rawTile(raw, tile))
                            : serve(callers, tiles, tile -> facadeTile(facade.connections(), id, source, tile));
                    (turn == 0 ? reference : sdk).add(0, first);
                }
                int unmeasured = Math.max(1, (10 * callers + tiles.size() - 1) / tiles.size() - 1);
                for (int round = 0; round < unmeasured; round++) {
                    serve(callers, tiles, tile -> rawTile(raw, tile));
                    serve(callers, tiles, tile -> facadeTile(facade.connections(), id, source, tile));
                }
                for (int round = 1; round <= MEASURED_ROUNDS; round++) {
                    boolean referenceFirst = round % 2 == 1;
                    for (int turn = 0; turn < 2; turn++) {
                        if ((turn == 0) == referenceFirst) {
                            reference.add(round, serve(callers, tiles, tile -> rawTile(raw, tile)));
                        } else {
                            sdk.add(
                                    round,
                                    serve(callers, tiles, tile -> facadeTile(facade.connections(), id, source, tile)));
                        }
                    }
                }
                double ratio = sdk.tilesPerSecond() / reference.tilesPerSecond();
                worstRatio = Math.min(worstRatio, ratio);
                table.append(String.format(
                        Locale.ROOT,
                        " %d callers: raw %.1f tiles/s (p50 %.1f ms, p95 %.1f ms, cold round %.1f tiles/s, client CPU"
                                + " %.0f µs/tile, callers' CPU %.0f µs/tile), facade %.1f tiles/s (p50 %.1f ms, p95"
                                + " %.1f ms, cold round %.1f tiles/s, client CPU %.0f µs/tile, callers' CPU %.0f"
                                + " µs/tile), %.2f×.",
                        callers,
                        reference.tilesPerSecond(),
                        reference.percentile(50),
                        reference.percentile(95),
                        reference.coldTilesPerSecond,
                        reference.cpuMicrosPerTile(),
                        reference.callerCpuMicrosPerTile(),
                        sdk.tilesPerSecond(),
                        sdk.percentile(50),
                        sdk.percentile(95),
                        sdk.coldTilesPerSecond,
                        sdk.cpuMicrosPerTile(),
                        sdk.callerCpuMicrosPerTile(),
                        ratio));
                environment.log(String.format(
                        Locale.ROOT,
                        "  tiles, %d callers: raw %.1f tiles/s (%.0f µs CPU/tile, callers' %.0f), facade %.1f tiles/s"
                                + " (%.0f µs CPU/tile, callers' %.0f), %.2f×",
                        callers,
                        reference.tilesPerSecond(),
                        reference.cpuMicrosPerTile(),
                        reference.callerCpuMicrosPerTile(),
                        sdk.tilesPerSecond(),
                        sdk.cpuMicrosPerTile(),
                        sdk.callerCpuMicrosPerTile(),
                        ratio));
            }
            Side pushdown = new Side();
            Side client = new Side();
            long[] bytes = new long[2];
            for (int round = 0; round <= MEASURED_ROUNDS; round++) {
                pushdown.add(round, serve(1, tiles, tile -> facadeTile(facade.connections(), id, source, tile)));
                client.add(
                        round,
                        serve(1, tiles, tile -> facadeTile(facade.connections(), id, source.builtByClient(), tile)));
            }
            for (TileCoordinates tile : tiles) {
                bytes[0] += facadeTile(facade.connections(), id, source, tile);
                bytes[1] += facadeTile(facade.connections(), id, source.builtByClient(), tile);
            }
            table.append(String.format(
                    Locale.ROOT,
                    " Client-side encoder through the facade, 1 caller: %.1f tiles/s vs pushdown %.1f tiles/s, %.2f×;"
                            + " bytes per tile %,d (pushdown) and %,d (client).",
                    client.tilesPerSecond(),
                    pushdown.tilesPerSecond(),
                    client.tilesPerSecond() / pushdown.tilesPerSecond(),
                    bytes[0] / tiles.size(),
                    bytes[1] / tiles.size()));
        }
        return new Outcome(
                String.format(Locale.ROOT, "(9) tiles served: %d tiles at 1/8/32 callers", tiles.size()),
                "raw ST_AsMVT over JDBC",
                "connections.tile (pushdown)",
                String.format(Locale.ROOT, "%.2f (worst)", worstRatio),
                ">= 0.9",
                worstRatio >= 0.9,
                table.toString().strip());
    }

    /** One tile's bytes, by whichever side; returns their count. */
    @FunctionalInterface
    private interface TileWork {
        int serve(TileCoordinates tile) throws Exception;
    }

    /** Every tile once, by {@code callers} threads taking the next tile; returns each tile's latency and the wall time. */
    private static Round serve(int callers, List<TileCoordinates> tiles, TileWork work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong callerCpu = new AtomicLong();
        long[] latencies = new long[tiles.size()];
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long cpuStarted = SYSTEM.getProcessCpuTime();
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                running.add(pool.submit(() -> {
                    long threadCpuStarted = THREADS.getCurrentThreadCpuTime();
                    for (int index = next.getAndIncrement(); index < tiles.size(); index = next.getAndIncrement()) {
                        long tileStarted = System.nanoTime();
                        work.serve(tiles.get(index));
                        latencies[index] = System.nanoTime() - tileStarted;
                    }
                    callerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - threadCpuStarted);
                    return null;
                }));
            }
            for (Future<?> caller : running) {
                caller.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - started;
        return new Round(latencies, wall, SYSTEM.getProcessCpuTime() - cpuStarted, callerCpu.get());
    }

    static int rawTile(HikariDataSource raw, TileCoordinates tile) throws Exception {
        try (Connection connection = raw.getConnection();
                PreparedStatement statement = connection.prepareStatement(REFERENCE_SQL)) {
            VectorTiles.bindTile(statement, tile);
            try (ResultSet resultSet = statement.executeQuery()) {
                resultSet.next();
                return requireNonNull(resultSet.getBytes(1), "tile").length;
            }
        }
    }

    static int facadeTile(Connections connections, String id, TileSource source, TileCoordinates tile) {
        Principal owner = BenchFacade.owner();
        Tile served = connections.tile(owner, id, source, tile);
        return served.size();
    }

    static HikariDataSource rawPool(BenchEnvironment environment) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("raw-tiles");
        config.setJdbcUrl(environment.postgres().jdbcUrl(environment.database()));
        config.setUsername(environment.postgres().superuser());
        config.setPassword(environment.postgres().superuserPassword());
        config.setMaximumPoolSize(32);
        config.addDataSourceProperty("prepareThreshold", "-1");
        return new HikariDataSource(config);
    }

    /**
     * Every tile's latency in one round, the round's wall time, the CPU the benchmark's JVM spent in it, and the CPU
     * of the calling threads alone (what the caller's side of a tile costs, without GC, JIT and other threads: exact
     * to the nanosecond where the process figure moves in 10 ms ticks).
     */
    private static final class Round {
        private final long[] latencies;
        private final long wallNanos;
        private final long cpuNanos;
        private final long callerCpuNanos;

        Round(long[] latencies, long wallNanos, long cpuNanos, long callerCpuNanos) {
            this.latencies = latencies;
            this.wallNanos = wallNanos;
            this.cpuNanos = cpuNanos;
            this.callerCpuNanos = callerCpuNanos;
        }
    }

    /** One side's rounds: round 0 is the cold one, the rest are measured. */
    private static final class Side {
        private final List<Double> tilesPerSecond = new ArrayList<>();
        private final List<Double> cpuMicrosPerTile = new ArrayList<>();
        private final List<Double> callerCpuMicrosPerTile = new ArrayList<>();
        private final List<Long> latencies = new ArrayList<>();
        private double coldTilesPerSecond;

        void add(int round, Round result) {
            double rate = result.latencies.length / (result.wallNanos / 1e9);
            if (round == 0) {
                coldTilesPerSecond = rate;
                return;
            }
            tilesPerSecond.add(rate);
            cpuMicrosPerTile.add(result.cpuNanos / 1e3 / result.latencies.length);
            callerCpuMicrosPerTile.add(result.callerCpuNanos / 1e3 / result.latencies.length);
            for (long latency : result.latencies) {
                latencies.add(latency);
            }
        }

        double tilesPerSecond() {
            return median(tilesPerSecond);
        }

        /** The client JVM's CPU per tile (median of the measured rounds): the driver, the pool, and the SDK's work. */
        double cpuMicrosPerTile() {
            return median(cpuMicrosPerTile);
        }

        /** The calling threads' CPU per tile (median of the measured rounds). */
        double callerCpuMicrosPerTile() {
            return median(callerCpuMicrosPerTile);
        }

        private static double median(List<Double> values) {
            double[] sorted =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[sorted.length / 2];
        }

        double percentile(int percent) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            int index = Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
