package com.carto.connections.bigquery;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.error.InvalidConfigurationException.Problem;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.ConnectionSettings;
import com.carto.connections.spi.CredentialRotation;
import com.carto.connections.spi.Property;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an auth method's settings into google-auth credentials. Parsing happens when a client first needs them,
 * never in {@code open}, so a client can be opened (and checked) with a key that does not parse; the failure is then
 * an {@link ErrorCategory#AUTHENTICATION} problem naming the property. No message ever quotes the secret: the parsers'
 * own messages may, so they are neither repeated nor chained.
 */
final class BigQueryCredentials {
    static final String BIGQUERY_SCOPE = "https://www.googleapis.com/auth/bigquery";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BigQueryCredentials() {}

    /** The settings problems that no single property shows, reported together before any client is opened. */
    static void validate(ConnectionSettings settings) {
        List<Problem> problems = new ArrayList<>();
        settings.properties().find(BigQueryProperties.API_ENDPOINT).ifPresent(endpoint -> {
            if (!isHttpUrl(endpoint)) {
                problems.add(new Problem(BigQueryProperties.API_ENDPOINT.name(), "must be an http or https URL"));
            }
        });
        if (settings.authMethod().id().equals(BigQueryProvider.OAUTH_METHOD.id())) {
            oauthProblems(settings, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    private static void oauthProblems(ConnectionSettings settings, List<Problem> problems) {
        boolean refresh =
                settings.properties().find(BigQueryProperties.REFRESH_TOKEN).isPresent();
        boolean access =
                settings.properties().find(BigQueryProperties.ACCESS_TOKEN).isPresent();
        if (!refresh && !access) {
            problems.add(new Problem(BigQueryProperties.REFRESH_TOKEN.name(), "or accessToken is required"));
        }
        if (refresh) {
            if (settings.properties().find(BigQueryProperties.CLIENT_ID).isEmpty()) {
                problems.add(new Problem(BigQueryProperties.CLIENT_ID.name(), "is required with a refresh token"));
            }
            if (settings.properties().find(BigQueryProperties.CLIENT_SECRET).isEmpty()) {
                problems.add(new Problem(BigQueryProperties.CLIENT_SECRET.name(), "is required with a refresh token"));
            }
        }
        settings.properties().find(BigQueryProperties.OAUTH_ENDPOINT).ifPresent(endpoint -> {
            if (!isHttpUrl(endpoint)) {
                problems.add(new Problem(BigQueryProperties.OAUTH_ENDPOINT.name(), "must be an http or https URL"));
            }
        });
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The property whose value the credentials come from: the one to suspect when they are rejected. */
    static Set<String> suspects(ConnectionSettings settings) {
        return switch (settings.authMethod().id()) {
            case "service_account" -> Set.of(BigQueryProperties.SERVICE_ACCOUNT_KEY.name());
            case "workload_identity_federation" -> Set.of(BigQueryProperties.CREDENTIAL_CONFIGURATION.name());
            default ->
                settings.properties().find(BigQueryProperties.REFRESH_TOKEN).isPresent()
                        ? Set.of(
                                BigQueryProperties.REFRESH_TOKEN.name(),
                                BigQueryProperties.CLIENT_ID.name(),
                                BigQueryProperties.CLIENT_SECRET.name())
                        : Set.of(BigQueryProperties.ACCESS_TOKEN.name());
        };
    }

    /**
     * The credentials of the settings, whose token requests go through {@code transports}; a user's refresh token is
     * refreshed through {@code rotation}, which keeps the one the token endpoint issues in its place.
     */
    static GoogleCredentials parse(
            ConnectionSettings settings, HttpTransportFactory transports, CredentialRotation rotation) {
        return switch (settings.authMethod().id()) {
            case "service_account" -> serviceAccount(settings.get(BigQueryProperties.SERVICE_ACCOUNT_KEY), transports);
            case "workload_identity_federation" ->
                externalAccount(settings.get(BigQueryProperties.CREDENTIAL_CONFIGURATION), transports);
            default -> oauth(settings, transports, rotation);
        };
    }

    private static GoogleCredentials serviceAccount(Secret key, HttpTransportFactory transports) {
        Property<Secret> property = BigQueryProperties.SERVICE_ACCOUNT_KEY;
        JsonNode json = readJson(property, key);
        requireType(property, json, "service_account");
        try (InputStream in = stream(key)) {
            return ServiceAccountCredentials.fromStream(in, transports).createScoped(BIGQUERY_SCOPE);
        } catch (IOException | RuntimeException e) {
            throw rejected(
                    property,
                    "is not a usable service account key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static GoogleCredentials externalAccount(Secret configuration, HttpTransportFactory transports) {
        Property<Secret> property = BigQueryProperties.CREDENTIAL_CONFIGURATION;
        JsonNode json = readJson(property, configuration);
        requireType(property, json, "external_account");
        // An executable source would run a command on the SDK's host, chosen by whoever edits the connection.
        if (json.path("credential_source").has("executable")) {
            throw new ConnectionException(
                    ErrorCategory.INVALID_CONFIGURATION,
                    property.name() + " uses an executable credential source, which this SDK never runs");
        }
        try (InputStream in = stream(configuration)) {
            return ExternalAccountCredentials.fromStream(in, transports).createScoped(BIGQUERY_SCOPE);
        } catch (IOException | RuntimeException e) {
            throw rejected(
                    property,
                    "is not a usable external account configuration ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static GoogleCredentials oauth(
            ConnectionSettings settings, HttpTransportFactory transports, CredentialRotation rotation) {
        Optional<Secret> refresh = settings.properties().find(BigQueryProperties.REFRESH_TOKEN);
        Optional<AccessToken> access = settings.properties()
                .find(BigQueryProperties.ACCESS_TOKEN)
                .map(token -> new AccessToken(token.reveal(), null));
        if (refresh.isEmpty()) {
            return new GivenAccessToken(access.orElseThrow());
        }
        URI endpoint = settings.properties()
                .find(BigQueryProperties.OAUTH_ENDPOINT)
                .map(URI::create)
                .orElse(RefreshTokenCredentials.GOOGLE_TOKEN_ENDPOINT);
        return new RefreshTokenCredentials(
                access,
                settings.get(BigQueryProperties.CLIENT_ID),
                settings.get(BigQueryProperties.CLIENT_SECRET),
                refresh.get(),
                endpoint,
                transports,
                rotation);
    }

    private static JsonNode readJson(Property<Secret> property, Secret secret) {
        try {
            JsonNode json = JSON.readTree(secret.reveal());
            if (json == null || !json.isObject()) {
                throw rejected(property, "is not a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw rejected(property, "is not JSON");
        }
    }

    private static void requireType(Property<Secret> property, JsonNode json, String type) {
        if (!type.equals(json.path("type").asText())) {
            throw rejected(property, "must be JSON of type " + type);
        }
    }

    private static InputStream stream(Secret secret) {
        return new ByteArrayInputStream(secret.reveal().getBytes(StandardCharsets.UTF_8));
    }

    private static ConnectionException rejected(Property<Secret> property, String problem) {
        return new ConnectionException(ErrorCategory.AUTHENTICATION, property.name() + " " + problem);
    }

    /**
     * An access token used as given. When BigQuery refuses it, the HTTP client asks for a new one, and this says
     * why there is none, in a failure {@link BigQueryErrors} reads as {@link ErrorCategory#AUTHENTICATION}.
     */
    static final class GivenAccessToken extends GoogleCredentials {
        private static final long serialVersionUID = 1L;

        GivenAccessToken(AccessToken token) {
            super(GoogleCredentials.newBuilder().setAccessToken(token));
        }

        @Override
        public AccessToken refreshAccessToken() throws IOException {
            throw new RefusedAccessToken();
        }
    }

    /** BigQuery refused an access token that cannot be refreshed. */
    static final class RefusedAccessToken extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedAccessToken() {
            super("BigQuery refused the access token, and an access token alone cannot be refreshed");
        }
    }
}
