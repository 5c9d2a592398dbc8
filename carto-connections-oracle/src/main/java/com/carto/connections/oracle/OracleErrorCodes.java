package com.carto.connections.oracle;

import com.carto.connections.error.ErrorCategory;
import java.util.Map;

/**
 * The category of an Oracle error, keyed on its ORA (or driver) number: ojdbc reports most failures with SQLSTATEs
 * too coarse to tell apart (66000 for any network error, 72000 for many others, 42000 for syntax and for privileges).
 * Codes from the Oracle Database Error Messages reference and the ojdbc error list; the network ones were produced
 * with the real driver against loopback peers (OracleNetworkFailuresTest).
 */
final class OracleErrorCodes {
    /** Raised by the SDK's own write-back SQL when the temp location's schema does not exist. */
    static final int MISSING_SCHEMA = 20_001;

    private static final Map<Integer, ErrorCategory> CODES = Map.ofEntries(
            // Credentials: wrong user or password, null password, account locked, password expired.
            Map.entry(1017, ErrorCategory.AUTHENTICATION),
            Map.entry(1005, ErrorCategory.AUTHENTICATION),
            Map.entry(28000, ErrorCategory.AUTHENTICATION),
            Map.entry(28001, ErrorCategory.AUTHENTICATION),
            Map.entry(28273, ErrorCategory.AUTHENTICATION),
            // Logged in but without CREATE SESSION, privileges, or quota on the tablespace.
            Map.entry(1045, ErrorCategory.PERMISSION_DENIED),
            Map.entry(1031, ErrorCategory.PERMISSION_DENIED),
            Map.entry(1950, ErrorCategory.PERMISSION_DENIED),
            Map.entry(1536, ErrorCategory.PERMISSION_DENIED),
            // The listener does not know the service or SID: the database, not the server, is wrong.
            Map.entry(12514, ErrorCategory.NOT_FOUND),
            Map.entry(12505, ErrorCategory.NOT_FOUND),
            // Table, column, object, user (schema) missing; and the SDK's own missing-schema error.
            Map.entry(942, ErrorCategory.NOT_FOUND),
            Map.entry(904, ErrorCategory.NOT_FOUND),
            Map.entry(4043, ErrorCategory.NOT_FOUND),
            Map.entry(1918, ErrorCategory.NOT_FOUND),
            Map.entry(MISSING_SCHEMA, ErrorCategory.NOT_FOUND),
            // Cancelled: the SDK cancels only at a deadline.
            Map.entry(1013, ErrorCategory.TIMEOUT),
            // No listener, connect timeout, I/O error, peer closed, lost contact, end of file on the channel.
            Map.entry(12541, ErrorCategory.UNAVAILABLE),
            Map.entry(12170, ErrorCategory.UNAVAILABLE),
            Map.entry(17002, ErrorCategory.UNAVAILABLE),
            Map.entry(17800, ErrorCategory.UNAVAILABLE),
            Map.entry(12537, ErrorCategory.UNAVAILABLE),
            Map.entry(12547, ErrorCategory.UNAVAILABLE),
            Map.entry(3113, ErrorCategory.UNAVAILABLE),
            Map.entry(3114, ErrorCategory.UNAVAILABLE),
            Map.entry(3135, ErrorCategory.UNAVAILABLE),
            Map.entry(17008, ErrorCategory.UNAVAILABLE),
            // Listener or instance refusing new sessions for now: blocked, starting, shutting down, out of processes.
            Map.entry(12516, ErrorCategory.UNAVAILABLE),
            Map.entry(12518, ErrorCategory.UNAVAILABLE),
            Map.entry(12519, ErrorCategory.UNAVAILABLE),
            Map.entry(12520, ErrorCategory.UNAVAILABLE),
            Map.entry(12528, ErrorCategory.UNAVAILABLE),
            Map.entry(1033, ErrorCategory.UNAVAILABLE),
            Map.entry(1034, ErrorCategory.UNAVAILABLE),
            Map.entry(1089, ErrorCategory.UNAVAILABLE),
            Map.entry(1090, ErrorCategory.UNAVAILABLE),
            Map.entry(257, ErrorCategory.UNAVAILABLE),
            Map.entry(18, ErrorCategory.UNAVAILABLE),
            Map.entry(20, ErrorCategory.UNAVAILABLE),
            // Contention that a retry settles: deadlock, busy resource, serialization, snapshot too old, memory.
            Map.entry(60, ErrorCategory.UNAVAILABLE),
            Map.entry(54, ErrorCategory.UNAVAILABLE),
            Map.entry(8177, ErrorCategory.UNAVAILABLE),
            Map.entry(1555, ErrorCategory.UNAVAILABLE),
            Map.entry(4030, ErrorCategory.UNAVAILABLE),
            Map.entry(4031, ErrorCategory.UNAVAILABLE),
            // Settings the user must change: unknown host, alias or TNS_ADMIN, wallet, port, descriptor, URL, not an
            // Oracle listener (bad packet), certificate not trusted, no common authentication protocol.
            Map.entry(17868, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(12154, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(12263, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(17956, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(17866, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(18951, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(17067, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(17904, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(29024, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(17902, ErrorCategory.INVALID_CONFIGURATION),
            Map.entry(28040, ErrorCategory.INVALID_CONFIGURATION),
            // A value too large for its column.
            Map.entry(12899, ErrorCategory.INVALID_CONFIGURATION),
            // Names taken, constraints violated.
            Map.entry(955, ErrorCategory.CONFLICT),
            Map.entry(1, ErrorCategory.CONFLICT),
            Map.entry(2291, ErrorCategory.CONFLICT),
            Map.entry(2292, ErrorCategory.CONFLICT),
            // Space, sessions per user.
            Map.entry(1652, ErrorCategory.LIMIT_EXCEEDED),
            Map.entry(1653, ErrorCategory.LIMIT_EXCEEDED),
            Map.entry(1654, ErrorCategory.LIMIT_EXCEEDED),
            Map.entry(2391, ErrorCategory.LIMIT_EXCEEDED),
            // Features the database does not have (e.g. spatial functions missing).
            Map.entry(439, ErrorCategory.UNSUPPORTED));

    private OracleErrorCodes() {}

    /**
     * The vendor code first; then the SQL errors by range (ORA-00900 to ORA-00999 are syntax, ORA-01400 to ORA-01899
     * invalid values), then the SQLSTATE class; anything unknown is {@code INTERNAL}.
     */
    static ErrorCategory categorize(String sqlState, int vendorCode) {
        ErrorCategory known = CODES.get(vendorCode);
        if (known != null) {
            return known;
        }
        if ((vendorCode >= 900 && vendorCode <= 999) || (vendorCode >= 1400 && vendorCode <= 1899)) {
            return ErrorCategory.INVALID_CONFIGURATION;
        }
        String sqlClass = sqlState.length() >= 2 ? sqlState.substring(0, 2) : "";
        return switch (sqlClass) {
            case "08" -> ErrorCategory.UNAVAILABLE;
            case "22", "42" -> ErrorCategory.INVALID_CONFIGURATION;
            case "23" -> ErrorCategory.CONFLICT;
            default -> ErrorCategory.INTERNAL;
        };
    }
}
