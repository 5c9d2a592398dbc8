package com.carto.connections.snowflake;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of a Snowflake account identifier, from which the provider builds the host name credentials are sent to
 * ({@code <account>.snowflakecomputing.com}): only Snowflake's own spellings pass, so no value can move the host
 * elsewhere ({@code evil.example#}, {@code a@b}, {@code a/b} and the like are refused).
 *
 * <p>Accepted: an organization-account name ({@code myorg-myaccount}, underscores allowed and written as hyphens in
 * the host, as Snowflake documents), or a legacy locator followed by up to two labels of region and cloud
 * ({@code xy12345.us-east-2.aws}). See https://docs.snowflake.com/en/user-guide/admin-account-identifier.
 */
final class SnowflakeAccounts {
    // A letter or digit first; letters, digits, hyphens and underscores after; up to two more dot-separated labels.
    private static final Pattern ACCOUNT =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}(?:\\.[A-Za-z0-9][A-Za-z0-9-]{0,62}){0,2}");

    private SnowflakeAccounts() {}

    static Optional<String> problem(String account) {
        return ACCOUNT.matcher(account).matches() && !account.endsWith("-")
                ? Optional.empty()
                : Optional.of("must be a Snowflake account identifier such as myorg-myaccount or"
                        + " xy12345.us-east-2.aws: letters, digits, hyphens and underscores, with up to two"
                        + " dot-separated region and cloud labels");
    }

    /** The first label of the host name: lower case, underscores as hyphens. */
    static String hostLabel(String account) {
        return account.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The account as the driver's {@code account} property takes it: without the region and cloud labels of a
     * locator (the driver signs key-pair tokens with it, and Snowflake expects the bare account there).
     */
    static String driverAccount(String account) {
        int dot = account.indexOf('.');
        return dot < 0 ? account : account.substring(0, dot);
    }
}
