package com.carto.connections.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a reference and the SDK alternately in one JVM against one server — warm-up rounds first, then measured
 * rounds, each side going first in every other round — and compares their median throughputs, so drift on a shared
 * machine hits both sides alike.
 */
final class SideBySide {
    /** One full run of a side; returns how many units (rows, features) it processed. */
    @FunctionalInterface
    interface Run {
        long run() throws Exception;
    }

    private SideBySide() {}

    static Outcome compare(
            BenchEnvironment environment, String name, String unit, double target, Run baseline, Run sdk, String notes)
            throws Exception {
        List<Double> baselineRates = new ArrayList<>();
        List<Double> sdkRates = new ArrayList<>();
        List<Double> baselineCpu = new ArrayList<>();
        List<Double> sdkCpu = new ArrayList<>();
        List<Double> baselineProcessCpu = new ArrayList<>();
        List<Double> sdkProcessCpu = new ArrayList<>();
        int warmups = environment.sizes().warmupRounds();
        for (int round = 0; round < warmups + environment.sizes().measuredRounds(); round++) {
            // Alternating which side goes first keeps any order effect (caches, a neighbour's build) off one side.
            boolean baselineFirst = round % 2 == 0;
            Sample baselineSample;
            Sample sdkSample;
            if (baselineFirst) {
                baselineSample = sample(baseline, unit);
                sdkSample = sample(sdk, unit);
            } else {
                sdkSample = sample(sdk, unit);
                baselineSample = sample(baseline, unit);
            }
            if (round >= warmups) {
                baselineRates.add(baselineSample.rate());
                sdkRates.add(sdkSample.rate());
                baselineCpu.add(baselineSample.cpuNanosPerUnit());
                sdkCpu.add(sdkSample.cpuNanosPerUnit());
                baselineProcessCpu.add(baselineSample.processCpuNanosPerUnit());
                sdkProcessCpu.add(sdkSample.processCpuNanosPerUnit());
            }
            environment.log(String.format(
                    Locale.ROOT,
                    "  %s round %d%s: reference %,.0f, sdk %,.0f %s/s; client CPU %.0f vs %.0f ns per unit"
                            + " (reading thread), %.0f vs %.0f (whole client JVM)",
                    name,
                    round + 1,
                    round < warmups ? " (warm-up)" : "",
                    baselineSample.rate(),
                    sdkSample.rate(),
                    unit,
                    baselineSample.cpuNanosPerUnit(),
                    sdkSample.cpuNanosPerUnit(),
                    baselineSample.processCpuNanosPerUnit(),
                    sdkSample.processCpuNanosPerUnit()));
        }
        double baselineMedian = median(baselineRates);
        double sdkMedian = median(sdkRates);
        double ratio = sdkMedian / baselineMedian;
        return new Outcome(
                name,
                String.format(Locale.ROOT, "%,.0f %s/s", baselineMedian, unit),
                String.format(Locale.ROOT, "%,.0f %s/s", sdkMedian, unit),
                String.format(Locale.ROOT, "%.3f", ratio),
                String.format(Locale.ROOT, "≥ %.2f", target),
                ratio >= target,
                notes
                        + String.format(
                                Locale.ROOT,
                                " Median of %d rounds after %d warm-up; per-round ratios %s."
                                        + " Client thread CPU per %s (median): reference %.0f ns, SDK %.0f ns;"
                                        + " whole client JVM (the read-ahead's thread, GC and JIT included): reference"
                                        + " %.0f ns, SDK %.0f ns.",
                                sdkRates.size(),
                                warmups,
                                ratios(baselineRates, sdkRates),
                                unit.replaceAll("s$", ""),
                                median(baselineCpu),
                                median(sdkCpu),
                                median(baselineProcessCpu),
                                median(sdkProcessCpu)));
    }

    /**
     * Wall-clock throughput, the reading thread's own CPU per unit, which a busy neighbour disturbs less, and the whole
     * client JVM's CPU per unit: the SDK's read-ahead decodes on a second thread, which the first figure leaves out.
     */
    private record Sample(double rate, double cpuNanosPerUnit, double processCpuNanosPerUnit) {}

    private static Sample sample(Run run, String unit) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean system =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long processCpuStarted = system.getProcessCpuTime();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        long units = run.run();
        long elapsed = System.nanoTime() - started;
        long cpu = threads.getCurrentThreadCpuTime() - cpuStarted;
        long processCpu = system.getProcessCpuTime() - processCpuStarted;
        if (units <= 0) {
            throw new IllegalStateException("a run processed no " + unit);
        }
        return new Sample(units * 1e9 / elapsed, (double) cpu / units, (double) processCpu / units);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String ratios(List<Double> baseline, List<Double> sdk) {
        List<String> ratios = new ArrayList<>();
        for (int index = 0; index < sdk.size(); index++) {
            ratios.add(String.format(Locale.ROOT, "%.3f", sdk.get(index) / baseline.get(index)));
        }
        return String.join(", ", ratios);
    }
}
