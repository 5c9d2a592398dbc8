package com.carto.connections.benchmarks;

import com.carto.connections.Providers;
import com.carto.connections.postgres.PostgresProvider;
import com.carto.connections.query.Query;
import com.carto.connections.query.QueryResult;
import com.carto.connections.spi.ProviderContext;
import com.carto.connections.spi.WarehouseClient;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The child JVM of {@link BoundedHeap}: streams the rows, then prints one {@code RESULT key=value …} line. */
final class BoundedHeapRun {
    static final String PASSWORD_VARIABLE = "BENCH_PG_PASSWORD";

    // The heap in use right after the latest collection: what the stream keeps alive, unlike the peak, which
    // also counts garbage G1 had no reason to collect yet.
    private static volatile long maxLiveHeap;

    private BoundedHeapRun() {}

    private static void sampleLiveHeap() {
        long live = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed())
                .sum();
        maxLiveHeap = Math.max(maxLiveHeap, live);
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String database = args[2];
        String user = args[3];
        long rows = Long.parseLong(args[4]);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        DiscardingOutputStream out = new DiscardingOutputStream();
        long started;
        long read;
        try (WarehouseClient client = new PostgresProvider()
                .open(
                        Providers.of(new PostgresProvider())
                                .settings(
                                        "heap",
                                        "postgres",
                                        "password",
                                        Map.of(
                                                "host",
                                                host,
                                                "port",
                                                port,
                                                "database",
                                                database,
                                                "username",
                                                user,
                                                "password",
                                                System.getenv(PASSWORD_VARIABLE),
                                                "sslMode",
                                                "disable"),
                                        Map.of("queryTimeout", "1h")),
                        new ProviderContext(scheduler, Clock.systemUTC()))) {
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            ScheduledFuture<?> sampling =
                    scheduler.scheduleAtFixedRate(BoundedHeapRun::sampleLiveHeap, 0, 20, TimeUnit.MILLISECONDS);
            started = System.nanoTime();
            try (QueryResult result = client.query(
                    Query.sql("select " + BenchEnvironment.ROW_EXPRESSIONS + " from generate_series(1, :rows) g")
                            .param("rows", rows))) {
                result.writeJson(out);
                read = result.rowCount();
            }
            if (sampling.isDone()) {
                // A periodic task is done only when it failed; its failure beats a live heap figure it stopped taking.
                sampling.get();
            }
        } finally {
            scheduler.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        sampleLiveHeap();
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(collector.getCollectionCount(), 0);
            gcMillis += Math.max(collector.getCollectionTime(), 0);
        }
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + "));
        System.out.printf(
                Locale.ROOT,
                "RESULT rows=%d rowsPerSecond=%.0f peakHeapMb=%.1f liveHeapMb=%.1f gcCount=%d gcMs=%d outputMb=%.0f collectors=%s%n",
                read,
                read / seconds,
                peakHeap / 1048576.0,
                maxLiveHeap / 1048576.0,
                gcCount,
                gcMillis,
                out.bytes() / 1048576.0,
                collectors.replace(' ', '_'));
    }

    /** The key=value pairs of the child's RESULT line. */
    static Map<String, String> parse(String output) {
        String line = output.lines()
                .filter(candidate -> candidate.startsWith("RESULT "))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("the child printed no RESULT line: " + output));
        Map<String, String> values = new HashMap<>();
        for (String pair : line.substring("RESULT ".length()).split(" ", -1)) {
            int equals = pair.indexOf('=');
            values.put(pair.substring(0, equals), pair.substring(equals + 1).replace('_', ' '));
        }
        return values;
    }
}
