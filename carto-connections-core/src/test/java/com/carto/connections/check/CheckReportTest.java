package com.carto.connections.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckReportTest {
    private final CheckReport failed = new CheckReport(List.of(
            StageResult.passed(CheckStage.RESOLVE_HOST, Duration.ofMillis(3)),
            StageResult.passed(CheckStage.CONNECT, Duration.ofMillis(5)),
            StageResult.failed(
                    CheckStage.AUTHENTICATE,
                    Duration.ofMillis(20),
                    ErrorCategory.AUTHENTICATION,
                    Set.of("password"),
                    "password authentication failed",
                    "check the user name and password"),
            StageResult.skipped(CheckStage.REACH_DATABASE, "an earlier stage failed")));

    @Test
    void reportsTheFirstFailedStage() {
        assertThat(failed.ok()).isFalse();
        assertThat(failed.failure()).hasValueSatisfying(stage -> {
            assertThat(stage.stage()).isEqualTo(CheckStage.AUTHENTICATE);
            assertThat(stage.retryable()).isFalse();
            assertThat(stage.suspectProperties()).containsExactly("password");
        });
    }

    @Test
    void throwsTheFailureWithItsCategoryAndHintWhenAsked() {
        assertThatThrownBy(failed::orThrow)
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("AUTHENTICATE")
                .hasMessageContaining("check the user name and password")
                .extracting(failure -> ((ConnectionException) failure).category())
                .isEqualTo(ErrorCategory.AUTHENTICATION);
    }

    @Test
    void summarizesOneLinePerStage() {
        assertThat(failed.summary().lines()).hasSize(4);
        assertThat(failed.summary()).contains("AUTHENTICATE", "FAILED", "check the user name and password");
    }

    @Test
    void refusesACategoryOnAStageThatPassed() {
        assertThatThrownBy(() -> new StageResult(
                        CheckStage.CONNECT,
                        StageResult.Status.PASSED,
                        Duration.ZERO,
                        java.util.Optional.of(ErrorCategory.TIMEOUT),
                        Set.of(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staysOkWithAWarning() {
        CheckReport warned = new CheckReport(List.of(
                StageResult.passed(CheckStage.RESOLVE_HOST, Duration.ZERO),
                StageResult.warning(
                        CheckStage.SPATIAL_SUPPORT,
                        Duration.ZERO,
                        ErrorCategory.UNSUPPORTED,
                        "no PostGIS",
                        "install it")));
        assertThat(warned.ok()).isTrue();
        assertThat(warned.warnings()).extracting(StageResult::stage).containsExactly(CheckStage.SPATIAL_SUPPORT);
        assertThat(warned.summary()).contains("WARNING", "install it");
    }

    @Test
    void treatsOnlyUnavailableAsRetryable() {
        for (ErrorCategory category : ErrorCategory.values()) {
            assertThat(category.isRetryable()).as(category.name()).isEqualTo(category == ErrorCategory.UNAVAILABLE);
        }
    }
}
