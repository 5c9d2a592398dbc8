package com.carto.connections.cli;

import com.carto.connections.error.ErrorCategory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process exit codes: one per {@link ErrorCategory}, so a script branches on who fixes the problem without
 * parsing messages. Codes 1 and 2 keep their usual meaning (a bug, a usage error).
 */
final class ExitCodes {
    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int USAGE = 2;

    private ExitCodes() {}

    static int of(ErrorCategory category) {
        return switch (category) {
            case INVALID_CONFIGURATION -> 10;
            case AUTHENTICATION -> 11;
            case PERMISSION_DENIED -> 12;
            case NOT_FOUND -> 13;
            case CONFLICT -> 14;
            case IN_USE -> 15;
            case LIMIT_EXCEEDED -> 16;
            case TIMEOUT -> 17;
            case UNAVAILABLE -> 18;
            case UNSUPPORTED -> 19;
            case INTERNAL -> 20;
        };
    }

    /** The table every command's help ends with. */
    static Map<String, String> descriptions() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put(String.valueOf(OK), "Success (a check whose stages all passed or only warned).");
        table.put(String.valueOf(UNEXPECTED), "Unexpected failure: a bug; the message names the exception.");
        table.put(String.valueOf(USAGE), "Usage error: an unknown option, a missing or malformed argument.");
        table.put(
                String.valueOf(of(ErrorCategory.INVALID_CONFIGURATION)),
                "INVALID_CONFIGURATION: bad input, a bad import file, a missing key; the message names the field.");
        table.put(
                String.valueOf(of(ErrorCategory.AUTHENTICATION)),
                "AUTHENTICATION: the warehouse refused the credentials.");
        table.put(
                String.valueOf(of(ErrorCategory.PERMISSION_DENIED)),
                "PERMISSION_DENIED: the acting principal may not do this.");
        table.put(
                String.valueOf(of(ErrorCategory.NOT_FOUND)),
                "NOT_FOUND: no such connection visible to the principal, or a missing table.");
        table.put(
                String.valueOf(of(ErrorCategory.CONFLICT)),
                "CONFLICT: a name already taken, a concurrent change, an embedded store in use by another process.");
        table.put(
                String.valueOf(of(ErrorCategory.IN_USE)),
                "IN_USE: dependents would break (share without --confirm-impact).");
        table.put(
                String.valueOf(of(ErrorCategory.LIMIT_EXCEEDED)),
                "LIMIT_EXCEEDED: --max-rows, a byte limit or the connection's query queue.");
        table.put(String.valueOf(of(ErrorCategory.TIMEOUT)), "TIMEOUT: the query or a check stage ran out of time.");
        table.put(
                String.valueOf(of(ErrorCategory.UNAVAILABLE)),
                "UNAVAILABLE: the warehouse or the store cannot be reached; a retry may help.");
        table.put(
                String.valueOf(of(ErrorCategory.UNSUPPORTED)),
                "UNSUPPORTED: the provider cannot do this (a capability it lacks).");
        table.put(String.valueOf(of(ErrorCategory.INTERNAL)), "INTERNAL: an SDK or warehouse fault.");
        return table;
    }
}
