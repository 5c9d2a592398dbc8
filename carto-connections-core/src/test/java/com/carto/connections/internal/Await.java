package com.carto.connections.internal;

import java.util.function.BooleanSupplier;

/** Waits for another thread to reach a state the test can only observe; fails instead of hanging. */
final class Await {
    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
