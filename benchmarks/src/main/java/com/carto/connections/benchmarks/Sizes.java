package com.carto.connections.benchmarks;

/**
 * How big the runs are. {@code full} is what DESIGN §9 states; {@code medium} and {@code small} are for
 * development on a machine shared with others, {@code smoke} for the build's smoke test.
 *
 * @param rows rows of the 8-column table streamed by the row and JSON benchmarks
 * @param points PostGIS points exported as GeoJSON
 * @param boundedHeapRows rows streamed in the child JVM under {@code -Xmx256m}
 * @param warmupRounds rounds of each side run before measuring
 * @param measuredRounds rounds of each side measured
 */
record Sizes(long rows, long points, long boundedHeapRows, int warmupRounds, int measuredRounds) {
    static final Sizes FULL = new Sizes(5_000_000, 1_000_000, 10_000_000, 1, 5);
    static final Sizes MEDIUM = new Sizes(1_000_000, 500_000, 2_000_000, 1, 3);
    static final Sizes SMALL = new Sizes(200_000, 50_000, 500_000, 1, 3);
    static final Sizes SMOKE = new Sizes(2_000, 500, 5_000, 0, 1);

    static Sizes named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "medium" -> MEDIUM;
            case "small" -> SMALL;
            case "smoke" -> SMOKE;
            default ->
                throw new IllegalArgumentException("--scale must be full, medium, small or smoke but was " + name);
        };
    }
}
