package com.carto.connections.bigquery;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import java.util.List;

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
    static final List<Property<?>> SERVICE_ACCOUNT_METHOD =
            List.of(BILLING_PROJECT, SERVICE_ACCOUNT_KEY, DATA_PROJECT, LOCATION);
    static final List<Property<?>> OAUTH_METHOD =
            List.of(BILLING_PROJECT, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, DATA_PROJECT, LOCATION);
    static final List<Property<?>> WORKLOAD_IDENTITY_METHOD =
            List.of(BILLING_PROJECT, CREDENTIAL_CONFIGURATION, DATA_PROJECT, LOCATION);

    private BigQueryProperties() {}
}
