package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.error.ErrorCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ORA-number table: what a user is told for each failure Oracle documents, and the SQLSTATE fallbacks. */
class OracleErrorCodesTest {
    @ParameterizedTest(name = "ORA-{1} ({0}) is {2}")
    @CsvSource({
        "72000, 1017, AUTHENTICATION, invalid username/password",
        "99999, 28000, AUTHENTICATION, account locked",
        "99999, 28001, AUTHENTICATION, password expired",
        "72000, 1005, AUTHENTICATION, null password",
        "42000, 1045, PERMISSION_DENIED, lacks CREATE SESSION",
        "42000, 1031, PERMISSION_DENIED, insufficient privileges",
        "99999, 1950, PERMISSION_DENIED, no privileges on tablespace",
        "66000, 12514, NOT_FOUND, listener does not know the service",
        "66000, 12505, NOT_FOUND, listener does not know the SID",
        "42000, 942, NOT_FOUND, table or view does not exist",
        "42000, 904, NOT_FOUND, invalid identifier",
        "72000, 20001, NOT_FOUND, the SDK's missing temp schema",
        "72000, 1013, TIMEOUT, user requested cancel",
        "66000, 12541, UNAVAILABLE, no listener",
        "08006, 12170, UNAVAILABLE, connect timeout",
        "08006, 17002, UNAVAILABLE, I/O error",
        "72000, 17800, UNAVAILABLE, got minus one from a read call",
        "08006, 3113, UNAVAILABLE, end-of-file on communication channel",
        "66000, 12516, UNAVAILABLE, listener has no handler",
        "66000, 12528, UNAVAILABLE, instance blocking new connections",
        "72000, 1033, UNAVAILABLE, initialization or shutdown in progress",
        "72000, 1034, UNAVAILABLE, Oracle not available",
        "61000, 60, UNAVAILABLE, deadlock",
        "72000, 1555, UNAVAILABLE, snapshot too old",
        "08006, 17868, INVALID_CONFIGURATION, unknown host",
        "66000, 12154, INVALID_CONFIGURATION, alias not in tnsnames.ora",
        "66000, 12263, INVALID_CONFIGURATION, no tnsnames.ora in TNS_ADMIN",
        "99999, 17956, INVALID_CONFIGURATION, wallet location unparsable",
        "08006, 17904, INVALID_CONFIGURATION, bad packet: not an Oracle listener",
        "99999, 29024, INVALID_CONFIGURATION, certificate validation failure",
        "42000, 900, INVALID_CONFIGURATION, invalid SQL statement",
        "42000, 936, INVALID_CONFIGURATION, missing expression",
        "42000, 1722, INVALID_CONFIGURATION, invalid number",
        "22008, 1861, INVALID_CONFIGURATION, literal does not match format",
        "72000, 12899, INVALID_CONFIGURATION, value too large for column",
        "42000, 955, CONFLICT, name already used",
        "23000, 1, CONFLICT, unique constraint violated",
        "72000, 1652, LIMIT_EXCEEDED, unable to extend temp segment",
        "72000, 2391, LIMIT_EXCEEDED, sessions per user exceeded",
        "08003, 17008, UNAVAILABLE, closed connection",
        "08001, 99998, UNAVAILABLE, an unknown connection failure by its SQLSTATE",
        "42000, 99998, INVALID_CONFIGURATION, an unknown syntax error by its SQLSTATE",
        "72000, 99998, INTERNAL, anything else"
    })
    void classifiesByTheOraNumberFirst(String sqlState, int code, ErrorCategory expected, String meaning) {
        assertThat(OracleErrorCodes.categorize(sqlState, code)).as(meaning).isEqualTo(expected);
    }
}
