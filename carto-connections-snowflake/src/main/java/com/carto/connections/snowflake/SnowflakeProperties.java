package com.carto.connections.snowflake;

import static com.carto.connections.spi.jdbc.JdbcProperties.DATABASE;
import static com.carto.connections.spi.jdbc.JdbcProperties.USERNAME;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import java.util.List;

/** The property catalogue: the {@code snowflake_account}, {@code key_pair} and {@code oauth} auth methods, in form order. */
final class SnowflakeProperties {
    static final Property<String> ACCOUNT = Property.string("account")
            .required()
            .describedAs("Account identifier, e.g. myorg-myaccount or a locator such as xy12345.us-east-2.aws; the"
                    + " provider connects to <account>.snowflakecomputing.com")
            .validatedBy(SnowflakeAccounts::problem);
    static final Property<String> WAREHOUSE = Property.string("warehouse")
            .maxLength(255)
            .describedAs("Virtual warehouse that runs the queries; the user's default when empty");
    static final Property<String> ROLE = Property.string("role")
            .maxLength(255)
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("Role the session uses; the user's default role when empty");
    static final Property<String> SCHEMA =
            Property.string("schema").maxLength(255).describedAs("Schema the session starts in; PUBLIC when empty");
    static final Property<Secret> PASSWORD = Property.secret("password")
            .required()
            .describedAs("Password of the Snowflake user. Snowflake is deprecating single-factor passwords for"
                    + " human users: prefer key_pair for service users");
    static final Property<Secret> PRIVATE_KEY = Property.secret("privateKey")
            .required()
            .describedAs("Private key of the user's registered RSA key pair, as PEM: PKCS#8, unencrypted"
                    + " (BEGIN PRIVATE KEY) or encrypted (BEGIN ENCRYPTED PRIVATE KEY) with privateKeyPassphrase");
    static final Property<Secret> PRIVATE_KEY_PASSPHRASE =
            Property.secret("privateKeyPassphrase").describedAs("Passphrase of an encrypted private key");

    static final Property<String> CLIENT_ID = Property.string("clientId")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("Client id of the account's Snowflake OAuth security integration");
    static final Property<Secret> CLIENT_SECRET =
            Property.secret("clientSecret").required().describedAs("Client secret of the security integration");
    static final Property<Secret> REFRESH_TOKEN = Property.secret("refreshToken")
            .required()
            .describedAs("The user's OAuth refresh token; the SDK gets access tokens with it and stores the"
                    + " replacements the token endpoint issues");

    static final AuthMethod ACCOUNT_METHOD = new AuthMethod(
            "snowflake_account",
            "Snowflake user and password (deprecated by Snowflake for human users)",
            List.of(ACCOUNT, DATABASE, WAREHOUSE, ROLE, SCHEMA, USERNAME, PASSWORD));
    static final AuthMethod KEY_PAIR_METHOD = new AuthMethod(
            "key_pair",
            "Key pair",
            List.of(ACCOUNT, DATABASE, WAREHOUSE, ROLE, SCHEMA, USERNAME, PRIVATE_KEY, PRIVATE_KEY_PASSPHRASE));

    /**
     * Personal: a user's token acts as that user, so it is shared only as viewer credentials, each viewer bringing
     * their own refresh token for the same security integration.
     */
    static final AuthMethod OAUTH_METHOD = AuthMethod.personal(
            "oauth",
            "Snowflake OAuth (per user)",
            List.of(ACCOUNT, DATABASE, WAREHOUSE, ROLE, SCHEMA, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN));

    private SnowflakeProperties() {}
}
