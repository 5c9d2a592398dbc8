package com.carto.connections.error;

/**
 * Why an operation failed, and so who can fix it. Callers switch on it; every {@link ConnectionException}
 * carries one.
 */
public enum ErrorCategory {
    /** The connection's settings are wrong: the user must change a property (the message names it). */
    INVALID_CONFIGURATION,
    /** The warehouse rejected the credentials, or they expired: the user must provide new ones. */
    AUTHENTICATION,
    /** The credentials are valid but not allowed to do this, in the warehouse or in the sharing model. */
    PERMISSION_DENIED,
    /** A provider, connection, database, schema or table that does not exist (or that the caller may not see). */
    NOT_FOUND,
    /** A concurrent change won (stale version) or the name is taken: reload and try again. */
    CONFLICT,
    /** The connection is used by maps, workflows or tokens: reassign or remove them first. */
    IN_USE,
    /** The provider does not offer this capability. */
    UNSUPPORTED,
    /** The warehouse or the network failed transiently: retrying later may succeed. */
    UNAVAILABLE,
    /** A deadline passed; the statement was cancelled on the warehouse. */
    TIMEOUT,
    /** A row, byte or concurrency limit was reached. */
    LIMIT_EXCEEDED,
    /** A bug in this SDK or a provider: report it. */
    INTERNAL;

    /** Whether the same call may succeed if it is simply retried later. */
    public boolean isRetryable() {
        return this == UNAVAILABLE;
    }
}
