package com.carto.connections.bigquery;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.Retryable;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/** The one table from BigQuery's HTTP status and error reason to the SDK's categories. */
final class BigQueryErrors {
    private BigQueryErrors() {}

    /**
     * The category of a failure, from the error reason first (it is precise: a 403 is a rate limit or a denial) and
     * the HTTP status second; job-level errors have status 0 and only a reason.
     */
    static ErrorCategory categorize(int httpStatus, String reason) {
        switch (reason == null ? "" : reason) {
            case "invalidQuery", "invalid", "badRequest", "required", "invalidParameter" -> {
                return ErrorCategory.INVALID_CONFIGURATION;
            }
            case "notFound" -> {
                return ErrorCategory.NOT_FOUND;
            }
            case "duplicate" -> {
                return ErrorCategory.CONFLICT;
            }
            case "accessDenied", "billingNotEnabled", "billingTierLimitExceeded", "forbidden" -> {
                return ErrorCategory.PERMISSION_DENIED;
            }
            case "authError", "unauthorized" -> {
                return ErrorCategory.AUTHENTICATION;
            }
            case "rateLimitExceeded",
                    "userRateLimitExceeded",
                    "jobRateLimitExceeded",
                    "backendError",
                    "internalError",
                    "jobBackendError",
                    "jobInternalError",
                    "tableUnavailable",
                    "stopped" -> {
                return ErrorCategory.UNAVAILABLE;
            }
            case "quotaExceeded", "responseTooLarge", "resourcesExceeded", "bytesBilledLimitExceeded" -> {
                return ErrorCategory.LIMIT_EXCEEDED;
            }
            case "timeout" -> {
                return ErrorCategory.TIMEOUT;
            }
            case "notImplemented" -> {
                return ErrorCategory.UNSUPPORTED;
            }
            default -> {
                return byStatus(httpStatus);
            }
        }
    }

    private static ErrorCategory byStatus(int httpStatus) {
        if (httpStatus == 400) {
            return ErrorCategory.INVALID_CONFIGURATION;
        }
        if (httpStatus == 401) {
            return ErrorCategory.AUTHENTICATION;
        }
        if (httpStatus == 403) {
            return ErrorCategory.PERMISSION_DENIED;
        }
        if (httpStatus == 404) {
            return ErrorCategory.NOT_FOUND;
        }
        if (httpStatus == 409) {
            return ErrorCategory.CONFLICT;
        }
        if (httpStatus == 408 || httpStatus == 429 || httpStatus >= 500) {
            return ErrorCategory.UNAVAILABLE;
        }
        return ErrorCategory.INTERNAL;
    }

    /**
     * Whether a request that failed this way should be sent again, as Google documents
     * (https://cloud.google.com/bigquery/docs/error-messages): any 5xx answer ({@code backendError},
     * {@code internalError}; "retry the request later") except 501, a 429, and a 403 that is a rate limit
     * ({@code rateLimitExceeded}, {@code userRateLimitExceeded}); also a transport failure before any answer (a
     * refused or reset connection), which may not have reached BigQuery. Not a job that failed (status 0 with a
     * reason), a refused token, nor any other 4xx.
     */
    static boolean isRetryable(BigQueryException e) {
        int status = e.getCode();
        String reason = e.getReason();
        if (status >= 500 && status != 501) {
            return true;
        }
        if (status == 429) {
            return true;
        }
        if (status == 403) {
            return "rateLimitExceeded".equals(reason) || "userRateLimitExceeded".equals(reason);
        }
        if (status != 0 || reason != null) {
            return false;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (tokenFailure(cause) != null || cause instanceof UnknownHostException) {
                return false;
            }
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Wraps a client failure, keeping it as the cause and its HTTP status as the vendor code. */
    static ConnectionException translate(String what, BigQueryException e) {
        String reason = e.getReason();
        ErrorCategory category = reason == null && e.getCode() == 0 ? byTransport(e) : categorize(e.getCode(), reason);
        String detail = e.getMessage() == null ? "no message" : e.getMessage();
        return new ConnectionException(
                category,
                what + " failed: " + detail + (reason == null ? "" : " (" + reason + ")"),
                e,
                null,
                e.getCode() == 0 ? null : e.getCode());
    }

    /** A failure from the client's transport rather than from BigQuery's answer: no status, no reason. */
    private static ErrorCategory byTransport(BigQueryException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            ErrorCategory token = tokenFailure(cause);
            if (token != null) {
                return token;
            }
            if (cause instanceof SocketTimeoutException) {
                return ErrorCategory.TIMEOUT;
            }
            if (cause instanceof ConnectException
                    || cause instanceof UnknownHostException
                    || cause instanceof InterruptedIOException) {
                return ErrorCategory.UNAVAILABLE;
            }
        }
        return e.isRetryable() ? ErrorCategory.UNAVAILABLE : ErrorCategory.INTERNAL;
    }

    /**
     * The category of a failure to get an access token, or null when {@code failure} is not one: google-auth's
     * token endpoint failures say whether a retry may help (its exception classes are package-private, its
     * {@link Retryable} interface is not); a 4xx answer from a token endpoint is a refusal.
     */
    static @Nullable ErrorCategory tokenFailure(@Nullable Throwable failure) {
        if (failure instanceof BigQueryCredentials.RefusedAccessToken) {
            return ErrorCategory.AUTHENTICATION;
        }
        if (failure instanceof Retryable retryable && failure instanceof IOException) {
            return retryable.isRetryable() ? ErrorCategory.UNAVAILABLE : ErrorCategory.AUTHENTICATION;
        }
        if (failure instanceof HttpResponseException http
                && http.getStatusCode() >= 400
                && http.getStatusCode() < 500) {
            return ErrorCategory.AUTHENTICATION;
        }
        return null;
    }

    /** A job that finished with an error result. */
    static ConnectionException jobFailed(String what, BigQueryError error) {
        return translate(what, new BigQueryException(0, error.getMessage(), error));
    }
}
