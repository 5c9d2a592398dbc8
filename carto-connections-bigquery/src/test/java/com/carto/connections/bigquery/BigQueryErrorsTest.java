package com.carto.connections.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.query.Query;
import com.carto.connections.spi.WarehouseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BigQueryErrorsTest {
    @RegisterExtension
    static final TestConnections CONNECTIONS = new TestConnections();

    @ParameterizedTest(name = "HTTP {0} {1} is {2}")
    @CsvSource({
        "400, invalidQuery, INVALID_CONFIGURATION",
        "400, invalid, INVALID_CONFIGURATION",
        "400, , INVALID_CONFIGURATION",
        "401, , AUTHENTICATION",
        "401, authError, AUTHENTICATION",
        "403, accessDenied, PERMISSION_DENIED",
        "403, , PERMISSION_DENIED",
        "403, billingNotEnabled, PERMISSION_DENIED",
        "403, rateLimitExceeded, UNAVAILABLE",
        "403, quotaExceeded, LIMIT_EXCEEDED",
        "403, responseTooLarge, LIMIT_EXCEEDED",
        "404, notFound, NOT_FOUND",
        "404, , NOT_FOUND",
        "409, duplicate, CONFLICT",
        "429, , UNAVAILABLE",
        "500, backendError, UNAVAILABLE",
        "500, internalError, UNAVAILABLE",
        "503, , UNAVAILABLE",
        "0, jobRateLimitExceeded, UNAVAILABLE",
        "0, invalidQuery, INVALID_CONFIGURATION",
        "0, resourcesExceeded, LIMIT_EXCEEDED",
        "0, stopped, UNAVAILABLE",
        "403, userRateLimitExceeded, UNAVAILABLE",
        "0, timeout, TIMEOUT",
        "501, notImplemented, UNSUPPORTED",
        "418, , INTERNAL"
    })
    void mapsStatusAndReasonToACategory(int status, String reason, ErrorCategory category) {
        assertThat(BigQueryErrors.categorize(status, reason)).isEqualTo(category);
    }

    @Test
    void reportsAServerErrorThatOutlastsTheRetriesAsRetryableUnavailableKeepingTheStatus() {
        CONNECTIONS.fake.failNext(1000, "/jobs", 500, "backendError");
        ConnectionException failure = queryFailure(Duration.ofSeconds(2));
        assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.vendorCode()).contains(500);
        assertThat(failure.getCause()).isNotNull();
    }

    @Test
    void reportsARejectedTokenAsAuthentication() {
        // On a 401 the HTTP client gets a new token and tries again (about ten times), so every try is refused.
        CONNECTIONS.fake.failNext(1000, "/jobs", 401, "authError");
        assertThat(queryFailure().category()).isEqualTo(ErrorCategory.AUTHENTICATION);
    }

    @Test
    void reportsADeniedJobAsPermissionDenied() {
        CONNECTIONS.fake.failNext(1, "/jobs", 403, "accessDenied");
        assertThat(queryFailure().category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
    }

    @Test
    void reportsAPersistentRateLimitAsUnavailable() {
        CONNECTIONS.fake.failNext(1000, "/jobs", 403, "rateLimitExceeded");
        assertThat(queryFailure(Duration.ofSeconds(2)).category()).isEqualTo(ErrorCategory.UNAVAILABLE);
    }

    @Test
    void reportsAJobThatFailedOnBigQueryWithItsReason() {
        ConnectionException failure = catchThrowableOfType(
                ConnectionException.class,
                () -> CONNECTIONS.serviceAccountClient().execute(Query.sql("select 1 / 0")));
        assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(failure.getMessage()).contains("invalidQuery").containsIgnoringCase("division");
    }

    private static ConnectionException queryFailure() {
        return queryFailure(Duration.ofMinutes(1));
    }

    private static ConnectionException queryFailure(Duration timeout) {
        WarehouseClient client = CONNECTIONS.serviceAccountClient();
        return catchThrowableOfType(
                ConnectionException.class,
                () -> client.query(Query.sql("select 1 as one").timeout(timeout))
                        .close());
    }
}
