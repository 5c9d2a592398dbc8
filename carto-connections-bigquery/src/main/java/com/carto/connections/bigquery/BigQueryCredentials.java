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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
     * The credentials of the settings, whose token requests go to the host's {@code endpoints} (never to a URL the
     * credential JSON names, see {@link ExternalAccountRules}) through {@code transports}; a user's refresh token is
     * refreshed through {@code rotation}, which keeps the one the token endpoint issues in its place.
     */
    static GoogleCredentials parse(
            ConnectionSettings settings,
            BigQueryEndpoints endpoints,
            HttpTransportFactory transports,
            CredentialRotation rotation) {
        ExternalAccountRules rules = new ExternalAccountRules(endpoints);
        return switch (settings.authMethod().id()) {
            case "service_account" ->
                serviceAccount(settings.get(BigQueryProperties.SERVICE_ACCOUNT_KEY), rules, transports);
            case "workload_identity_federation" ->
                externalAccount(settings.get(BigQueryProperties.CREDENTIAL_CONFIGURATION), rules, transports);
            default -> oauth(settings, endpoints, transports, rotation);
        };
    }

    private static GoogleCredentials serviceAccount(
            Secret key, ExternalAccountRules rules, HttpTransportFactory transports) {
        Property<Secret> property = BigQueryProperties.SERVICE_ACCOUNT_KEY;
        ObjectNode json = readJson(property, key);
        requireType(property, json, "service_account");
        ObjectNode pinned = rules.serviceAccountKey(json);
        try (InputStream in = stream(pinned)) {
            return ServiceAccountCredentials.fromStream(in, transports).createScoped(BIGQUERY_SCOPE);
        } catch (IOException | RuntimeException e) {
            throw rejected(
                    property,
                    "is not a usable service account key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static GoogleCredentials externalAccount(
            Secret configuration, ExternalAccountRules rules, HttpTransportFactory transports) {
        Property<Secret> property = BigQueryProperties.CREDENTIAL_CONFIGURATION;
        ObjectNode json = readJson(property, configuration);
        requireType(property, json, "external_account");
        // Before the try: a refusal is the user's to fix, not a key that does not parse.
        ObjectNode pinned = rules.externalAccount(property, json);
        try (InputStream in = stream(pinned)) {
            return ExternalAccountCredentials.fromStream(in, transports).createScoped(BIGQUERY_SCOPE);
        } catch (IOException | RuntimeException e) {
            throw rejected(
                    property,
                    "is not a usable external account configuration ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static GoogleCredentials oauth(
            ConnectionSettings settings,
            BigQueryEndpoints endpoints,
            HttpTransportFactory transports,
            CredentialRotation rotation) {
        Optional<Secret> refresh = settings.properties().find(BigQueryProperties.REFRESH_TOKEN);
        Optional<AccessToken> access = settings.properties()
                .find(BigQueryProperties.ACCESS_TOKEN)
                .map(token -> new AccessToken(token.reveal(), null));
        if (refresh.isEmpty()) {
            return new GivenAccessToken(access.orElseThrow());
        }
        return new RefreshTokenCredentials(
                access,
                settings.get(BigQueryProperties.CLIENT_ID),
                settings.get(BigQueryProperties.CLIENT_SECRET),
                refresh.get(),
                endpoints.oauthToken(),
                transports,
                rotation);
    }

    private static ObjectNode readJson(Property<Secret> property, Secret secret) {
        try {
            JsonNode json = JSON.readTree(secret.reveal());
            if (!(json instanceof ObjectNode object)) {
                throw rejected(property, "is not a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw rejected(property, "is not JSON");
        }
    }

    private static void requireType(Property<Secret> property, JsonNode json, String type) {
        if (!type.equals(json.path("type").asText())) {
            throw rejected(property, "must be JSON of type " + type);
        }
    }

    private static InputStream stream(ObjectNode json) throws IOException {
        return new ByteArrayInputStream(JSON.writeValueAsBytes(json));
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
