package com.carto.connections.benchmarks;

/**
 * The sizes of the facade benchmarks (pool sockets, listing) at each {@link Sizes} scale; {@code full} is DESIGN §9.
 *
 * @param registered connections registered for the pool benchmark; it measures at a tenth of this first
 * @param inUse of those, how many concurrent callers use at once, one connection each
 * @param waitForIdle whether the pool benchmark waits out the pools' 60 s idle timeout (not at smoke size)
 * @param listed connections in the organization of the listing benchmark
 * @param listingPasses how many times each side pages through everything visible in one measured round
 * @param listedLarge connections in the organization of the large listing benchmark (ten times {@code listed})
 * @param largeListingPasses passes per round of the large listing benchmark
 */
record FacadeSizes(
        int registered,
        int inUse,
        boolean waitForIdle,
        int listed,
        int listingPasses,
        int listedLarge,
        int largeListingPasses) {
    static FacadeSizes of(Sizes sizes) {
        if (sizes.equals(Sizes.FULL)) {
            return new FacadeSizes(5_000, 50, true, 10_000, 5, 100_000, 1);
        }
        if (sizes.equals(Sizes.MEDIUM)) {
            return new FacadeSizes(2_000, 50, true, 5_000, 3, 50_000, 1);
        }
        if (sizes.equals(Sizes.SMOKE)) {
            return new FacadeSizes(40, 4, false, 200, 1, 400, 1);
        }
        return new FacadeSizes(500, 20, true, 2_000, 2, 20_000, 1);
    }
}
