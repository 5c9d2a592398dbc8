package com.carto.connections.spi.jdbc;

import com.carto.connections.error.ErrorCategory;

/**
 * The error categories of the SQLSTATEs that PostgreSQL and the warehouses derived from it (Amazon Redshift) share,
 * including the 08xxx codes their JDBC drivers raise for network failures. A provider's
 * {@link JdbcDialect#categorize} delegates here and handles only what its warehouse does differently.
 */
public final class PostgresFamilySqlStates {
    private PostgresFamilySqlStates() {}

    /** Exact codes first, then the two-character class; anything unknown is {@link ErrorCategory#INTERNAL}. */
    public static ErrorCategory categorize(String sqlState) {
        switch (sqlState) {
            case "28P01", "28000":
                return ErrorCategory.AUTHENTICATION;
            case "3D000", "3F000", "42P01", "42703", "42883", "42704":
                return ErrorCategory.NOT_FOUND;
            case "42501", "25006":
                return ErrorCategory.PERMISSION_DENIED;
            case "57014":
                return ErrorCategory.TIMEOUT;
            case "57P01", "57P02", "57P03", "40001", "40P01", "55P03":
                return ErrorCategory.UNAVAILABLE;
            case "08004", "08P01", "0100E":
                // The drivers: the server refused the requested TLS mode, the peer does not speak the protocol, or a
                // query held several statements and returned several results.
                return ErrorCategory.INVALID_CONFIGURATION;
            case "42P07", "42P06", "42710":
                return ErrorCategory.CONFLICT;
            case "0A000":
                return ErrorCategory.UNSUPPORTED;
            default:
                break;
        }
        String sqlClass = sqlState.length() >= 2 ? sqlState.substring(0, 2) : "";
        switch (sqlClass) {
            case "08", "53", "58":
                return ErrorCategory.UNAVAILABLE;
            // 07: pgjdbc cannot send a parameter value (no SQL type for its Java type, a Map without hstore).
            case "22", "42", "2B", "34", "26", "0L", "0P", "07":
                return ErrorCategory.INVALID_CONFIGURATION;
            case "23":
                return ErrorCategory.CONFLICT;
            case "54":
                return ErrorCategory.LIMIT_EXCEEDED;
            default:
                return ErrorCategory.INTERNAL;
        }
    }
}
