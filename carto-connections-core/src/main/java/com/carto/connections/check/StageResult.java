package com.carto.connections.check;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What one stage of a live check found.
 *
 * @param stage the stage
 * @param status passed, failed, passed with a warning (a limitation that does not stop the connection from working,
 *     such as no spatial extension), or skipped (a later stage after a failure, or an optional one not asked for)
 * @param elapsed how long the stage took
 * @param category why it failed or warned; empty otherwise
 * @param suspectProperties the properties most likely wrong, by name (e.g. {@code host}, {@code password})
 * @param message what happened, never holding a secret; empty when passed
 * @param hint what the user can do about it; empty when passed
 */
public record StageResult(
        CheckStage stage,
        Status status,
        Duration elapsed,
        Optional<ErrorCategory> category,
        Set<String> suspectProperties,
        Optional<String> message,
        Optional<String> hint) {

    public StageResult {
        requireNonNull(stage, "stage is null");
        requireNonNull(status, "status is null");
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(category, "category is null");
        suspectProperties = Set.copyOf(suspectProperties);
        requireNonNull(message, "message is null");
        requireNonNull(hint, "hint is null");
        if ((status == Status.FAILED || status == Status.WARNING) != category.isPresent()) {
            throw new IllegalArgumentException("a category is given exactly when the stage failed or warned");
        }
    }

    public static StageResult passed(CheckStage stage, Duration elapsed) {
        return new StageResult(
                stage, Status.PASSED, elapsed, Optional.empty(), Set.of(), Optional.empty(), Optional.empty());
    }

    public static StageResult skipped(CheckStage stage, String why) {
        return new StageResult(
                stage, Status.SKIPPED, Duration.ZERO, Optional.empty(), Set.of(), Optional.of(why), Optional.empty());
    }

    public static StageResult failed(
            CheckStage stage,
            Duration elapsed,
            ErrorCategory category,
            Set<String> suspectProperties,
            String message,
            String hint) {
        return new StageResult(
                stage,
                Status.FAILED,
                elapsed,
                Optional.of(category),
                suspectProperties,
                Optional.of(message),
                Optional.of(hint));
    }

    /** A stage that found a limitation which leaves the connection usable, e.g. no spatial extension. */
    public static StageResult warning(
            CheckStage stage, Duration elapsed, ErrorCategory category, String message, String hint) {
        return new StageResult(
                stage,
                Status.WARNING,
                elapsed,
                Optional.of(category),
                Set.of(),
                Optional.of(message),
                Optional.of(hint));
    }

    /** Whether running the check again later may pass this stage without any change to the settings. */
    public boolean retryable() {
        return category.map(ErrorCategory::isRetryable).orElse(false);
    }

    /** The outcome of a stage. */
    public enum Status {
        PASSED,
        /** Passed with a limitation: the connection works, with less (e.g. no spatial types). */
        WARNING,
        FAILED,
        SKIPPED
    }
}
