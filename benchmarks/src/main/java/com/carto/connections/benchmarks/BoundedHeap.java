package com.carto.connections.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * (4) Rows streamed as JSON in a child JVM started with {@code -Xmx256m}; the child reports its peak heap and
 * garbage collection time. The target is that it finishes at all: a result held in memory would not fit.
 */
final class BoundedHeap implements Benchmark {
    static final String MAX_HEAP = "-Xmx256m";
    private static final String READ_AHEAD = "carto.connections.readAhead";

    @Override
    public String key() {
        return "heap";
    }

    @Override
    public Outcome run(BenchEnvironment environment) throws Exception {
        long rows = environment.sizes().boundedHeapRows();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                MAX_HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                // The read-ahead switch of this run, if one was given, holds in the child too.
                "-D" + READ_AHEAD + "=" + System.getProperty(READ_AHEAD, "auto"),
                BoundedHeapRun.class.getName(),
                environment.postgres().host(),
                Integer.toString(environment.postgres().port()),
                environment.database(),
                environment.postgres().superuser(),
                Long.toString(rows)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Through the environment rather than the command line, where every user of the machine could read it.
        builder.environment()
                .put(BoundedHeapRun.PASSWORD_VARIABLE, environment.postgres().superuserPassword());
        Process process = builder.start();
        String output;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = reader.lines().collect(Collectors.joining("\n"));
        }
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            return new Outcome(
                    String.format(Locale.ROOT, "(4) %,d rows as JSON under %s", rows, MAX_HEAP),
                    "",
                    "failed",
                    "",
                    "completes",
                    false,
                    "child JVM failed: " + output.lines().reduce((a, b) -> b).orElse(""));
        }
        Map<String, String> result = BoundedHeapRun.parse(output);
        return new Outcome(
                String.format(Locale.ROOT, "(4) %,d rows × 8 columns as JSON under %s", rows, MAX_HEAP),
                "–",
                String.format(Locale.ROOT, "%,.0f rows/s", Double.parseDouble(result.get("rowsPerSecond"))),
                "peak heap " + result.get("peakHeapMb") + " MB, live after GC ≤ " + result.get("liveHeapMb") + " MB",
                "completes within " + MAX_HEAP,
                Long.parseLong(result.get("rows")) == rows,
                String.format(
                        Locale.ROOT,
                        "GC: %s collections, %s ms in total (%s); %s MB written.",
                        result.get("gcCount"),
                        result.get("gcMs"),
                        result.get("collectors"),
                        result.get("outputMb")));
    }
}
