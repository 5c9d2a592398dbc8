package com.carto.connections.check;

import com.carto.connections.error.ConnectionException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of a live connection check: one {@link StageResult} per {@link CheckStage}, in order. A check never
 * throws for a warehouse problem; it reports the first stage that failed and skips the rest.
 *
 * <p>A stage may also pass with a warning: a limitation that leaves the connection usable, such as a database
 * without a spatial extension. Such a report is still {@link #ok()}.
 *
 * @param stages every stage, in {@link CheckStage} order
 */
public record CheckReport(List<StageResult> stages) {
    public CheckReport {
        stages = List.copyOf(stages);
    }

    /** Whether no stage failed. */
    public boolean ok() {
        return failure().isEmpty();
    }

    /** The stage that failed, if one did. */
    public Optional<StageResult> failure() {
        return stages.stream()
                .filter(stage -> stage.status() == StageResult.Status.FAILED)
                .findFirst();
    }

    /** Stages that passed with a limitation, such as a database without a spatial extension. */
    public List<StageResult> warnings() {
        return stages.stream()
                .filter(stage -> stage.status() == StageResult.Status.WARNING)
                .toList();
    }

    public StageResult stage(CheckStage stage) {
        return stages.stream()
                .filter(result -> result.stage() == stage)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for " + stage));
    }

    /** Throws the failure as a {@link ConnectionException}, for callers that need the check to pass. */
    public CheckReport orThrow() {
        failure().ifPresent(failed -> {
            throw new ConnectionException(
                    failed.category().orElseThrow(),
                    "Connection check failed at " + failed.stage() + ": "
                            + failed.message().orElse("")
                            + failed.hint().map(hint -> " (" + hint + ")").orElse(""));
        });
        return this;
    }

    /** One line per stage, for logs and terminals. */
    public String summary() {
        return stages.stream()
                .map(stage -> String.format(
                        "%-16s %-7s %5d ms%s",
                        stage.stage(),
                        stage.status(),
                        stage.elapsed().toMillis(),
                        stage.message().map(message -> "  " + message).orElse("")
                                + stage.hint().map(hint -> " → " + hint).orElse("")))
                .collect(Collectors.joining("\n"));
    }
}
