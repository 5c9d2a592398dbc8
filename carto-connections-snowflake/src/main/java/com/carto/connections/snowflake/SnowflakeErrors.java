package com.carto.connections.snowflake;

import com.carto.connections.error.ErrorCategory;
import java.util.Map;

/**
 * Snowflake's error codes by category: the service's codes (the {@code code} of a failed answer, which the driver
 * makes the vendor code) and the driver's own (2000xx, 2500xx), then the SQLSTATE for the rest. References:
 * https://docs.snowflake.com/en/user-guide/client-connectivity-troubleshooting/error-messages and the driver's
 * {@code jdbc_error_messages.properties}; notes part B.2 and E for what was observed.
 */
final class SnowflakeErrors {
    private static final Map<Integer, ErrorCategory> BY_CODE = Map.ofEntries(
            // Incorrect username or password.
            Map.entry(390100, ErrorCategory.AUTHENTICATION),
            // User temporarily locked after failed logins; retrying soon does not help.
            Map.entry(390102, ErrorCategory.AUTHENTICATION),
            // JWT token is invalid: wrong key, fingerprint, account, user or clock.
            Map.entry(390144, ErrorCategory.AUTHENTICATION),
            // Invalid and expired OAuth access tokens.
            Map.entry(390303, ErrorCategory.AUTHENTICATION),
            Map.entry(390318, ErrorCategory.AUTHENTICATION),
            // Session and master token expired: the driver renews the first itself; a new session cures both.
            Map.entry(390112, ErrorCategory.UNAVAILABLE),
            Map.entry(390114, ErrorCategory.UNAVAILABLE),
            // Role given at login does not exist or is not granted to the user.
            Map.entry(390189, ErrorCategory.PERMISSION_DENIED),
            // Database, schema or warehouse given at login does not exist or is not authorized.
            Map.entry(390201, ErrorCategory.NOT_FOUND),
            // SQL compilation errors: syntax, invalid identifier.
            Map.entry(1003, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(904, ErrorCategory.INVALID_CONFIGURATION),
            // Object does not exist or not authorized.
            Map.entry(2003, ErrorCategory.NOT_FOUND),
            // Object already exists.
            Map.entry(2002, ErrorCategory.CONFLICT),
            // Insufficient privileges.
            Map.entry(3001, ErrorCategory.PERMISSION_DENIED),
            // Statement cancelled, and the statement or warehouse timeout reached.
            Map.entry(604, ErrorCategory.TIMEOUT),
            Map.entry(630, ErrorCategory.TIMEOUT),
            // No active warehouse, no current database: the connection's settings lack one.
            Map.entry(606, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(90105, ErrorCategory.INVALID_CONFIGURATION),
            // Driver: query cancelled by the user (the SDK cancels only on a timeout).
            Map.entry(200005, ErrorCategory.TIMEOUT),
            // Driver: missing user name or password.
            Map.entry(200011, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(200012, ErrorCategory.INVALID_CONFIGURATION),
            // Driver: communication and I/O errors, and no connection to the service.
            Map.entry(200015, ErrorCategory.UNAVAILABLE),
            Map.entry(200016, ErrorCategory.UNAVAILABLE),
            Map.entry(250001, ErrorCategory.UNAVAILABLE));

    private SnowflakeErrors() {}

    static ErrorCategory categorize(String sqlState, int vendorCode) {
        ErrorCategory known = BY_CODE.get(vendorCode);
        if (known != null) {
            return known;
        }
        if (vendorCode >= 100_000 && vendorCode < 200_000) {
            // 100xxx: a value the statement read or bound is not of its type (numeric or date not recognized).
            return ErrorCategory.INVALID_CONFIGURATION;
        }
        if (sqlState.equals("42S02")) {
            return ErrorCategory.NOT_FOUND;
        }
        if (sqlState.equals("57014")) {
            return ErrorCategory.TIMEOUT;
        }
        if (sqlState.startsWith("08")) {
            return ErrorCategory.UNAVAILABLE;
        }
        if (sqlState.startsWith("28")) {
            return ErrorCategory.AUTHENTICATION;
        }
        if (sqlState.startsWith("42") || sqlState.startsWith("22")) {
            return ErrorCategory.INVALID_CONFIGURATION;
        }
        return ErrorCategory.INTERNAL;
    }
}
