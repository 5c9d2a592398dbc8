package com.carto.connections.check;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ErrorCategory;
import java.time.Duration;

/**
 * How a live check runs.
 *
 * @param stageDeadline the longest any one stage may take before it fails with {@link ErrorCategory#TIMEOUT}
 * @param writeTest whether to create and drop a table in the temp location
 */
public record CheckOptions(Duration stageDeadline, boolean writeTest) {
    public static final Duration DEFAULT_STAGE_DEADLINE = Duration.ofSeconds(10);

    public CheckOptions {
        requireNonNull(stageDeadline, "stageDeadline is null");
        if (stageDeadline.isNegative() || stageDeadline.isZero()) {
            throw new IllegalArgumentException("stageDeadline must be positive but was " + stageDeadline);
        }
    }

    /** Ten seconds a stage, no write test. */
    public static CheckOptions defaults() {
        return new CheckOptions(DEFAULT_STAGE_DEADLINE, false);
    }

    public CheckOptions withWriteTest() {
        return new CheckOptions(stageDeadline, true);
    }

    public CheckOptions withStageDeadline(Duration deadline) {
        return new CheckOptions(deadline, writeTest);
    }
}
