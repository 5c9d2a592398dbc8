package com.carto.connections.databricks;

import com.carto.connections.error.ErrorCategory;
import com.carto.connections.spi.jdbc.PostgresFamilySqlStates;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Error knowledge of Databricks and its driver. The driver reports every HTTP failure of the REST API under one
 * SQLSTATE, with the Databricks SDK's exception for the HTTP status as the cause (401 {@code Unauthenticated}, 403
 * {@code PermissionDenied}, 429 {@code TooManyRequests}, 503 {@code TemporarilyUnavailable}); a failed statement
 * carries the service's error class in brackets in its message ({@code [TABLE_OR_VIEW_NOT_FOUND] …}) and a SQLSTATE,
 * which follows PostgreSQL's where the two overlap (docs.databricks.com/error-messages/sqlstates.html).
 */
final class DatabricksErrors {
    /** Causes by simple class name: the SDK's classes are shaded under a package of the driver's that may move. */
    private static final Map<String, ErrorCategory> CAUSES = Map.ofEntries(
            Map.entry("Unauthenticated", ErrorCategory.AUTHENTICATION),
            Map.entry("PermissionDenied", ErrorCategory.PERMISSION_DENIED),
            Map.entry("TooManyRequests", ErrorCategory.UNAVAILABLE),
            Map.entry("RequestLimitExceeded", ErrorCategory.UNAVAILABLE),
            Map.entry("ResourceExhausted", ErrorCategory.UNAVAILABLE),
            Map.entry("TemporarilyUnavailable", ErrorCategory.UNAVAILABLE),
            Map.entry("DeadlineExceeded", ErrorCategory.TIMEOUT),
            Map.entry("NotFound", ErrorCategory.NOT_FOUND),
            Map.entry("ResourceDoesNotExist", ErrorCategory.NOT_FOUND));

    /** Error classes of the service (docs.databricks.com/error-messages/error-classes.html). */
    private static final Map<String, ErrorCategory> ERROR_CLASSES = Map.ofEntries(
            Map.entry("PARSE_SYNTAX_ERROR", ErrorCategory.INVALID_CONFIGURATION),
            Map.entry("UNRESOLVED_COLUMN", ErrorCategory.INVALID_CONFIGURATION),
            Map.entry("TABLE_OR_VIEW_NOT_FOUND", ErrorCategory.NOT_FOUND),
            Map.entry("SCHEMA_NOT_FOUND", ErrorCategory.NOT_FOUND),
            Map.entry("NO_SUCH_CATALOG_EXCEPTION", ErrorCategory.NOT_FOUND),
            Map.entry("CATALOG_NOT_FOUND", ErrorCategory.NOT_FOUND),
            Map.entry("TABLE_OR_VIEW_ALREADY_EXISTS", ErrorCategory.CONFLICT),
            Map.entry("INSUFFICIENT_PERMISSIONS", ErrorCategory.PERMISSION_DENIED),
            Map.entry("UNAUTHORIZED_ACCESS", ErrorCategory.PERMISSION_DENIED),
            Map.entry("WAREHOUSE_NOT_RUNNING", ErrorCategory.UNAVAILABLE),
            Map.entry("TEMPORARILY_UNAVAILABLE", ErrorCategory.UNAVAILABLE),
            Map.entry("RESOURCE_EXHAUSTED", ErrorCategory.UNAVAILABLE),
            Map.entry("REQUEST_LIMIT_EXCEEDED", ErrorCategory.UNAVAILABLE),
            Map.entry("UNAUTHENTICATED", ErrorCategory.AUTHENTICATION),
            Map.entry("PERMISSION_DENIED", ErrorCategory.PERMISSION_DENIED));

    private static final Set<String> RATE_LIMITS =
            Set.of("TooManyRequests", "RequestLimitExceeded", "ResourceExhausted");

    private static final Pattern RETRIES_EXHAUSTED = Pattern.compile("failed after \\d+ retries");

    private static final Pattern ERROR_CLASS = Pattern.compile("\\[([A-Z][A-Z0-9_]+)(?:\\.[A-Z0-9_]+)?\\]");

    private DatabricksErrors() {}

    static ErrorCategory categorize(SQLException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            ErrorCategory byClass = CAUSES.get(cause.getClass().getSimpleName());
            if (byClass != null) {
                return byClass;
            }
            if (cause instanceof UnknownHostException
                    || cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException) {
                return ErrorCategory.UNAVAILABLE;
            }
            if (cause.getMessage() != null
                    && RETRIES_EXHAUSTED.matcher(cause.getMessage()).find()) {
                // The shaded SDK retries only what passes on its own (429, 503, a refused connection), then says so.
                return ErrorCategory.UNAVAILABLE;
            }
            Optional<ErrorCategory> byErrorClass = errorClass(cause.getMessage());
            if (byErrorClass.isPresent()) {
                return byErrorClass.get();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return categorize(exception.getSQLState() == null ? "" : exception.getSQLState(), exception.getErrorCode());
    }

    /** SQLSTATEs as PostgreSQL's: Databricks took the standard's and PostgreSQL's codes where they exist. */
    static ErrorCategory categorize(String sqlState, int vendorCode) {
        return sqlState.length() == 5 ? PostgresFamilySqlStates.categorize(sqlState) : ErrorCategory.INTERNAL;
    }

    /**
     * What to tell the owner of a connection that failed because its warehouse is starting (HTTP 503, which the service
     * answers while a stopped SQL warehouse starts: the driver's TemporarilyUnavailableRetry exists for it) or because
     * the workspace is rate-limiting its API (HTTP 429): both pass on their own, unlike what the check's generic hints
     * suggest. And for refused credentials, which are never a user name and password here: what the OAuth token
     * endpoint's refusal says to check, or, for an access token the workspace refused (HTTP 401), the personal access
     * token or the OAuth identity's access.
     */
    static Optional<String> hint(SQLException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getSimpleName();
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (cause instanceof OAuthTokens.Refusal refusal && !refusal.check().isEmpty()) {
                return Optional.of("the workspace's OAuth token endpoint (https://<host>/oidc/v1/token) refused the"
                        + " connection's credentials: " + refusal.check());
            }
            if (name.equals("Unauthenticated")) {
                return Optional.of("the workspace refused the access token: check that the personal access token is"
                        + " right and has not expired or been revoked, or, for OAuth, that the service principal or"
                        + " user may still use the workspace");
            }
            if (name.equals("TemporarilyUnavailable")
                    || message.contains("TEMPORARILY_UNAVAILABLE")
                    || message.contains("WAREHOUSE_NOT_RUNNING")) {
                return Optional.of("the SQL warehouse is starting or unavailable: a stopped warehouse takes a few"
                        + " minutes to start; try again shortly, or start it from the workspace's SQL Warehouses page");
            }
            if (RATE_LIMITS.contains(name) || message.contains("REQUEST_LIMIT_EXCEEDED")) {
                return Optional.of("the workspace is limiting the rate of API calls; try again shortly");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    private static Optional<ErrorCategory> errorClass(@Nullable String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = ERROR_CLASS.matcher(message);
        while (matcher.find()) {
            ErrorCategory category = ERROR_CLASSES.get(matcher.group(1));
            if (category != null) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}
