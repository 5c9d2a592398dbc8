package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabricksDialectTest {
    @Test
    void boundsTheDriversSocketTimeoutByALongDeadline() {
        assertThat(DatabricksDialect.INSTANCE.connectTimeoutProperties(Duration.ofMinutes(2)))
                .containsEntry("socketTimeout", "120");
    }

    @Test
    void keepsTheSocketTimeoutLongerThanTheServicesTenSecondWaitUnderAShortDeadline() {
        assertThat(DatabricksDialect.INSTANCE.connectTimeoutProperties(Duration.ofSeconds(2)))
                .containsEntry("socketTimeout", "30");
    }
}
