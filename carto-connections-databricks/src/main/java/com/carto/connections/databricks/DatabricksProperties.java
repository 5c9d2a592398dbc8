package com.carto.connections.databricks;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.AuthMethod;
import com.carto.connections.spi.Property;
import com.carto.connections.spi.PropertyGroup;
import com.carto.connections.spi.jdbc.JdbcProperties;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The property catalogue: the {@code token}, {@code oauth_m2m} and {@code oauth_u2m} auth methods and their settings in
 * form order. No setting names a token endpoint: the SDK derives it from {@code host} alone, so credentials go nowhere
 * but the workspace the connection names.
 */
final class DatabricksProperties {
    /**
     * A SQL warehouse's HTTP path as its Connection details tab shows it. Only warehouses: the driver sends an
     * all-purpose cluster's path ({@code /sql/protocolv1/o/...}) over Thrift whatever it is told, and the path goes
     * into the driver's URL, where a {@code ;} would add driver settings.
     */
    private static final Pattern WAREHOUSE_PATH = Pattern.compile("/sql/1\\.0/warehouses/[A-Za-z0-9]{1,64}");

    static final Property<String> HOST =
            JdbcProperties.host("Host name of the workspace, e.g. dbc-a1b2c3d4-e5f6.cloud.databricks.com or"
                    + " adb-1234567890123456.7.azuredatabricks.net");
    static final Property<String> HTTP_PATH = Property.string("httpPath")
            .required()
            .describedAs("HTTP path of the SQL warehouse, e.g. /sql/1.0/warehouses/1234567890abcdef")
            .validatedBy(DatabricksProperties::httpPathProblem);
    static final Property<String> CATALOG = Property.string("catalog")
            .required()
            .describedAs("Unity Catalog catalog the connection starts in, e.g. main")
            .validatedBy(DatabricksProperties::nameProblem);
    static final Property<String> SCHEMA = Property.string("schema")
            .describedAs("Schema of the catalog the connection starts in; default when not given")
            .validatedBy(DatabricksProperties::nameProblem);
    static final Property<Secret> TOKEN = Property.secret("token")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("Personal access token (dapi…) of the user or service principal the connection runs as");

    static final Property<String> CLIENT_ID = Property.string("clientId")
            .required()
            .maxLength(255)
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("OAuth client id: the service principal's application id (oauth_m2m), or the client id of"
                    + " the workspace's OAuth app connection the users signed in with (oauth_u2m)");
    static final Property<Secret> SERVICE_PRINCIPAL_SECRET = Property.secret("clientSecret")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("OAuth secret of the service principal; the SDK gets access tokens with it from the"
                    + " workspace's token endpoint, https://<host>/oidc/v1/token");
    static final Property<Secret> APP_SECRET = Property.secret("clientSecret")
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("Client secret of the OAuth app connection; empty for a public client");
    static final Property<Secret> REFRESH_TOKEN = Property.secret("refreshToken")
            .required()
            .inGroup(PropertyGroup.AUTHENTICATION)
            .describedAs("The user's OAuth refresh token (scope all-apis offline_access); the SDK gets access tokens"
                    + " with it from https://<host>/oidc/v1/token and stores the replacements the workspace issues");

    static final AuthMethod TOKEN_METHOD =
            new AuthMethod("token", "Personal access token", List.of(HOST, HTTP_PATH, CATALOG, SCHEMA, TOKEN));
    static final AuthMethod OAUTH_M2M_METHOD = new AuthMethod(
            "oauth_m2m",
            "OAuth machine-to-machine, service principal",
            List.of(HOST, HTTP_PATH, CATALOG, SCHEMA, CLIENT_ID, SERVICE_PRINCIPAL_SECRET));

    /**
     * Personal: a user's refresh token acts as that user, so the connection is shared only as viewer credentials, each
     * viewer bringing their own refresh token for the same OAuth app.
     */
    static final AuthMethod OAUTH_U2M_METHOD = AuthMethod.personal(
            "oauth_u2m",
            "OAuth user-to-machine, per user",
            List.of(HOST, HTTP_PATH, CATALOG, SCHEMA, CLIENT_ID, APP_SECRET, REFRESH_TOKEN));

    private DatabricksProperties() {}

    static Optional<String> httpPathProblem(String path) {
        return WAREHOUSE_PATH.matcher(path).matches()
                ? Optional.empty()
                : Optional.of("must be a SQL warehouse's HTTP path, /sql/1.0/warehouses/<warehouse id>");
    }

    /**
     * Unity Catalog names may hold almost anything, but these two travel as driver settings, which the driver joins
     * with {@code ;} and {@code =} into its own URL-like string: those, and control characters, are refused.
     */
    static Optional<String> nameProblem(String name) {
        for (int index = 0; index < name.length(); index++) {
            char character = name.charAt(index);
            if (character == ';' || character == '=' || Character.isISOControl(character)) {
                return Optional.of("must not hold ';', '=' or control characters");
            }
        }
        return name.length() <= 255 ? Optional.empty() : Optional.of("must be at most 255 characters");
    }
}
