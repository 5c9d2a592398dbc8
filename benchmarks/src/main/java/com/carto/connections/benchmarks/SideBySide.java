package com.carto.connections.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a reference and the SDK alternately in one JVM against one server — warm-up rounds first, then measured
 * rounds — and compares their median throughputs, so drift on a shared machine hits both sides alike.
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
        int warmups = environment.sizes().warmupRounds();
        for (int round = 0; round < warmups + environment.sizes().measuredRounds(); round++) {
            double baselineRate = rate(baseline, unit);
            double sdkRate = rate(sdk, unit);
            if (round >= warmups) {
                baselineRates.add(baselineRate);
                sdkRates.add(sdkRate);
            }
            environment.log(String.format(Locale.ROOT, "  %s round %d%s: reference %,.0f, sdk %,.0f %s/s", name, round + 1,
                    round < warmups ? " (warm-up)" : "", baselineRate, sdkRate, unit));
        }
        double baselineMedian = median(baselineRates);
        double sdkMedian = median(sdkRates);
        double ratio = sdkMedian / baselineMedian;
        return new Outcome(name,
                String.format(Locale.ROOT, "%,.0f %s/s", baselineMedian, unit),
                String.format(Locale.ROOT, "%,.0f %s/s", sdkMedian, unit),
                String.format(Locale.ROOT, "%.3f", ratio),
                String.format(Locale.ROOT, "≥ %.2f", target),
                ratio >= target,
                notes + String.format(Locale.ROOT, " Median of %d rounds after %d warm-up; per-round ratios %s.",
                        sdkRates.size(), warmups, ratios(baselineRates, sdkRates)));
    }

    private static double rate(Run run, String unit) throws Exception {
        long started = System.nanoTime();
        long units = run.run();
        long elapsed = System.nanoTime() - started;
        if (units <= 0) {
            throw new IllegalStateException("a run processed no " + unit);
        }
        return units * 1e9 / elapsed;
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
