package com.carto.connections.bigquery;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of the {@code service_account}, {@code oauth} and {@code workload_identity_federation} auth methods.
 * None of them says where a request or a credential goes: that is the host application's {@link BigQueryEndpoints},
 * since a connection's owner could otherwise point a viewer's token at a server of their own.
 */
final class BigQueryProperties {
    static final Property<String> BILLING_PROJECT = Property.string("billingProject")
            .required()
            .describedAs("Project that runs the query jobs and is billed for them, e.g. my-billing-project");
    static final Property<String> DATA_PROJECT = Property.string("dataProject")
            .describedAs(
                    "Project where the data lives, when it is not the billing project; the check lists its datasets");
    static final Property<String> LOCATION = Property.string("location")
            .describedAs("Processing location of the jobs and of the temp dataset, e.g. US, EU or europe-west1;"
                    + " without it, BigQuery picks the location of the data");
    static final Property<Secret> SERVICE_ACCOUNT_KEY = Property.secret("serviceAccountKey")
            .required()
            .describedAs("The service account's JSON key file, as text (type service_account)");
    static final Property<String> CLIENT_ID = Property.string("clientId")
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("OAuth client id of the application; needed with a refresh token");
    static final Property<Secret> CLIENT_SECRET = Property.secret("clientSecret")
            .describedAs("OAuth client secret of the application; needed with a refresh token");
    static final Property<Secret> REFRESH_TOKEN = Property.secret("refreshToken")
            .describedAs("OAuth refresh token of the user, exchanged for access tokens as they expire");
    static final Property<Secret> ACCESS_TOKEN = Property.secret("accessToken")
            .describedAs("OAuth access token of the user, used as given until it expires; instead of a refresh token");
    static final Property<Secret> CREDENTIAL_CONFIGURATION = Property.secret("credentialConfiguration")
            .required()
            .describedAs("The workload identity federation credential configuration JSON (type external_account)");
    static final Property<String> MAXIMUM_BYTES_BILLED = Property.string("maximumBytesBilled")
            .inGroup(PropertyGroup.ADVANCED)
            .validatedBy(BigQueryProperties::positiveLong)
            .describedAs("The most bytes a query may bill, e.g. 1000000000000 for 1 TB; a query that would bill more"
                    + " fails before it runs, at no charge. Without it, BigQuery's project or user quotas apply");
    static final Property<Duration> TEMP_TABLE_EXPIRATION = Property.duration("tempTableExpiration")
            .defaultValue(Duration.ofDays(30))
            .validatedBy(expiration -> expiration.compareTo(Duration.ofHours(1)) < 0
                    ? Optional.of("must be at least 1h (BigQuery's shortest default table lifetime)")
                    : Optional.empty())
            .describedAs("How long a table written to the temp location lives before BigQuery deletes it, e.g. P7D"
                    + " or 168h; also the default table lifetime of a temp dataset the SDK creates");
    static final List<Property<?>> SERVICE_ACCOUNT_METHOD = List.of(
            BILLING_PROJECT, SERVICE_ACCOUNT_KEY, DATA_PROJECT, LOCATION, MAXIMUM_BYTES_BILLED, TEMP_TABLE_EXPIRATION);
    static final List<Property<?>> OAUTH_METHOD = List.of(
            BILLING_PROJECT,
            CLIENT_ID,
            CLIENT_SECRET,
            REFRESH_TOKEN,
            ACCESS_TOKEN,
            DATA_PROJECT,
            LOCATION,
            MAXIMUM_BYTES_BILLED,
            TEMP_TABLE_EXPIRATION);
    static final List<Property<?>> WORKLOAD_IDENTITY_METHOD = List.of(
            BILLING_PROJECT,
            CREDENTIAL_CONFIGURATION,
            DATA_PROJECT,
            LOCATION,
            MAXIMUM_BYTES_BILLED,
            TEMP_TABLE_EXPIRATION);

    /** A whole number of bytes from 1 to {@link Long#MAX_VALUE}. */
    private static Optional<String> positiveLong(String text) {
        if (!text.matches("[0-9]{1,19}")) {
            return Optional.of("must be a whole number of bytes");
        }
        try {
            return Long.parseLong(text) > 0 ? Optional.empty() : Optional.of("must be at least 1");
        } catch (NumberFormatException e) {
            return Optional.of("must be at most " + Long.MAX_VALUE);
        }
    }

    private BigQueryProperties() {}
}
