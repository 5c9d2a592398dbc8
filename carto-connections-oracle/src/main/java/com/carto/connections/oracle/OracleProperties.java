package com.carto.connections.oracle;

import static com.carto.connections.spi.jdbc.JdbcProperties.PASSWORD;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.jdbc.JdbcProperties;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The property catalogue: the {@code password} and {@code wallet} auth methods, their settings in form order. Which of
 * the optional ones go together (a service name, a SID or a descriptor) is checked when a client opens, by
 * {@link OracleEndpoints}, naming the properties.
 */
final class OracleProperties {
    /**
     * Service names, SIDs and TNS aliases as Oracle Net writes them: letters, digits and {@code _ . $ # -}. Anything
     * else ({@code /}, {@code @}, {@code ?}, {@code (}, {@code =}, spaces) would reshape the connect string.
     */
    private static final Pattern NET_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.$#-]{0,254}");

    static final Property<String> HOST = JdbcProperties.optionalHost(
            "Host of the listener, e.g. db.example.com; required unless connectDescriptor is given");
    static final Property<Integer> PORT = JdbcProperties.port(1521, "TCP port of the listener");
    static final Property<String> SERVICE_NAME = Property.string("serviceName")
            .describedAs("Service name of the database, e.g. ORCLPDB1 (or a SID in sid, or a full connectDescriptor)")
            .validatedBy(value -> netNameProblem(value));
    static final Property<String> SID = Property.string("sid")
            .describedAs("System identifier of a database without a service name (older installations)")
            .validatedBy(value -> netNameProblem(value));
    static final Property<String> CONNECT_DESCRIPTOR = Property.text("connectDescriptor")
            .describedAs("A full Oracle Net connect descriptor, (DESCRIPTION=(ADDRESS=…)(CONNECT_DATA=…)), for"
                    + " TCPS, several addresses or failover; replaces host, port, serviceName and sid")
            .maxLength(4096)
            .validatedBy(OracleProperties::descriptorProblem);
    static final Property<Secret> WALLET = Property.secret("wallet")
            .required()
            .maxLength(WalletDirectories.MAX_ENCODED_LENGTH)
            .describedAs("The wallet zip file (e.g. from Oracle Autonomous Database), base64-encoded: tnsnames.ora"
                    + " and the wallet (cwallet.sso or ewallet.p12)");
    static final Property<Secret> WALLET_PASSWORD = Property.secret("walletPassword")
            .describedAs("Password of ewallet.p12; not needed for an auto-login wallet (cwallet.sso)");
    static final Property<String> TNS_ALIAS = Property.string("tnsAlias")
            .describedAs("Alias in the wallet's tnsnames.ora, e.g. mydb_high (or a full connectDescriptor)")
            .validatedBy(value -> netNameProblem(value));

    static final AuthMethod PASSWORD_METHOD = new AuthMethod(
            "password",
            "User and password",
            List.of(HOST, PORT, SERVICE_NAME, SID, CONNECT_DESCRIPTOR, USERNAME, PASSWORD));
    static final AuthMethod WALLET_METHOD = new AuthMethod(
            "wallet",
            "Wallet (Autonomous Database, TCPS)",
            List.of(WALLET, WALLET_PASSWORD, TNS_ALIAS, CONNECT_DESCRIPTOR, USERNAME, PASSWORD));

    private OracleProperties() {}

    static Optional<String> netNameProblem(String value) {
        return NET_NAME.matcher(value).matches()
                ? Optional.empty()
                : Optional.of("must start with a letter and hold only letters, digits and _ . $ # -");
    }

    /**
     * A descriptor is one parenthesized {@code DESCRIPTION} (or {@code DESCRIPTION_LIST}) with balanced parentheses:
     * text after it would be read as more of the URL, and an unbalanced one fails inside the driver with TNS-04610.
     */
    static Optional<String> descriptorProblem(String value) {
        String trimmed = value.strip();
        String upper = trimmed.toUpperCase(Locale.ROOT).replace(" ", "");
        if (!upper.startsWith("(DESCRIPTION=") && !upper.startsWith("(DESCRIPTION_LIST=")) {
            return Optional.of("must be a connect descriptor starting with (DESCRIPTION=");
        }
        int depth = 0;
        for (int index = 0; index < trimmed.length(); index++) {
            char character = trimmed.charAt(index);
            if (character == '(') {
                depth++;
            } else if (character == ')') {
                depth--;
                if (depth == 0 && index != trimmed.length() - 1) {
                    return Optional.of("must end where its outer parenthesis closes");
                }
            } else if (Character.isISOControl(character) && !Character.isWhitespace(character)) {
                return Optional.of("must not hold control characters");
            }
            if (depth < 0) {
                break;
            }
        }
        return depth == 0 ? Optional.empty() : Optional.of("has unbalanced parentheses");
    }
}
