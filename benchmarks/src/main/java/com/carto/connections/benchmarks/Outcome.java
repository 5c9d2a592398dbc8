package com.carto.connections.benchmarks;

import static java.util.Objects.requireNonNull;

/**
 * A measured line of the table.
 *
 * @param name what was measured
 * @param baseline the reference's figure, e.g. {@code 2,153,000 rows/s}
 * @param sdk the SDK's figure
 * @param ratio SDK over reference, or another headline figure
 * @param target what DESIGN §9 asks for
 * @param met whether the target was met
 * @param notes anything that qualifies the figures
 */
record Outcome(String name, String baseline, String sdk, String ratio, String target, boolean met, String notes) {
    Outcome {
        requireNonNull(name, "name is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(sdk, "sdk is null");
        requireNonNull(ratio, "ratio is null");
        requireNonNull(target, "target is null");
        requireNonNull(notes, "notes is null");
    }
}
