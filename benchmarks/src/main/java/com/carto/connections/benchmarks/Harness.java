package com.carto.connections.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the streaming benchmarks against a throwaway local PostgreSQL + PostGIS and prints one table of ratios
 * measured side by side in this run. {@code --scale full|small|smoke} (default {@code small}), {@code --only
 * stream,json,geojson,heap}. The table is also written to {@code benchmarks/target/benchmark-results.md}.
 */
public final class Harness {
    /** Add a benchmark here, in a class of its own (e.g. pool sockets, listing, borrow path). */
    static final List<Benchmark> BENCHMARKS = List.of(
            new StreamRows(),
            new StreamRowsBoxed(),
            new JsonRows(),
            new GeoJsonPoints(),
            new VectorTiles(),
            new TileServing(),
            new TileCallCost(),
            new PoolSockets(),
            new VisibleListing(BenchFacade.StoreKind.POSTGRES, false),
            new VisibleListing(BenchFacade.StoreKind.H2, false),
            new VisibleListing(BenchFacade.StoreKind.POSTGRES, true),
            new VisibleListing(BenchFacade.StoreKind.H2, true),
            new TokenQueries(BenchFacade.StoreKind.POSTGRES),
            new TokenQueries(BenchFacade.StoreKind.H2),
            new BoundedHeap());

    private Harness() {}

    public static void main(String[] args) throws Exception {
        Sizes sizes = Sizes.SMALL;
        Set<String> only = Set.of();
        for (int index = 0; index < args.length; index++) {
            switch (args[index]) {
                case "--scale" -> sizes = Sizes.named(args[++index]);
                case "--only" -> only = Set.of(args[++index].split(","));
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[index] + "; use --scale full|small|smoke, --only keys");
            }
        }
        List<Outcome> outcomes = run(sizes, only, System.out);
        String table = table(outcomes);
        System.out.println();
        System.out.println(table);
        Path target = Path.of("benchmarks", "target");
        Path report = target.resolve("benchmark-results.md");
        if (Files.isDirectory(target)) {
            Files.writeString(
                    report,
                    "Run " + Instant.now() + ", "
                            + ManagementFactory.getRuntimeMXBean().getVmVersion() + ", "
                            + Runtime.getRuntime().availableProcessors() + " CPUs\n\n" + table,
                    StandardCharsets.UTF_8);
        }
        // The fixture's shutdown hook stops the cluster.
        System.exit(outcomes.stream().allMatch(Outcome::met) ? 0 : 3);
    }

    static List<Outcome> run(Sizes sizes, Set<String> only, PrintStream log) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        try (BenchEnvironment environment = BenchEnvironment.start(sizes, log)) {
            for (Benchmark benchmark : BENCHMARKS) {
                if (only.isEmpty() || only.contains(benchmark.key())) {
                    log.println("Running " + benchmark.key());
                    outcomes.add(benchmark.run(environment));
                }
            }
        }
        return outcomes;
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder table = new StringBuilder(
                "| benchmark | reference | SDK | ratio / result | target | met |\n|---|---|---|---|---|---|\n");
        for (Outcome outcome : outcomes) {
            table.append("| ")
                    .append(outcome.name())
                    .append(" | ")
                    .append(outcome.baseline())
                    .append(" | ")
                    .append(outcome.sdk())
                    .append(" | ")
                    .append(outcome.ratio())
                    .append(" | ")
                    .append(outcome.target())
                    .append(" | ")
                    .append(outcome.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        table.append('\n');
        for (Outcome outcome : outcomes) {
            table.append("- ")
                    .append(outcome.name())
                    .append(": ")
                    .append(outcome.notes())
                    .append('\n');
        }
        return table.toString();
    }
}
