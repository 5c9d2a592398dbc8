package com.carto.connections.check;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;

/**
 * A connection was not saved because its live check failed. The category is the failed stage's; the report says
 * which stage, which properties to suspect, and what to do.
 */
public final class CheckFailedException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    private final transient CheckReport report;

    public CheckFailedException(CheckReport report) {
        super(
                report.failure()
                        .flatMap(StageResult::category)
                        .orElseThrow(() -> new IllegalArgumentException("the check passed")),
                describe(report));
        this.report = requireNonNull(report, "report is null");
    }

    public CheckReport report() {
        return report;
    }

    private static String describe(CheckReport report) {
        StageResult failed = report.failure().orElseThrow();
        return "Connection check failed at " + failed.stage() + ": "
                + failed.message().orElse("")
                + failed.hint().map(hint -> " (" + hint + ")").orElse("")
                + (failed.suspectProperties().isEmpty()
                        ? ""
                        : "; check " + String.join(", ", failed.suspectProperties()));
    }
}
