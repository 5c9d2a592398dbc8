package com.carto.connections.bigquery;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.CredentialRotation;
import com.carto.connections.spi.CredentialRotation.Refreshed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.UrlEncodedContent;
import com.google.auth.Retryable;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A user's OAuth credentials that survive refresh-token rotation: each refresh (the {@code refresh_token} grant, RFC
 * 6749 section 6) goes through the SDK's {@link CredentialRotation}, which hands it the newest refresh token and saves
 * a new one when the token endpoint issues it; the client holds the new one from then on.
 *
 * <p>google-auth's {@code UserCredentials} cannot do this: it keeps its refresh token in a final field and ignores a
 * {@code refresh_token} in the response, so after the first rotation it would present a revoked token. What it does
 * well is kept: {@link com.google.auth.oauth2.OAuth2Credentials} runs at most one {@link #refreshAccessToken()} at a
 * time per credentials object (its refresh task is single-flight under its lock), so the refresh token held here is
 * read and replaced by one refresh at a time; the rotation serializes refreshes across clients.
 */
final class RefreshTokenCredentials extends GoogleCredentials {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient String clientId;
    private final transient Secret clientSecret;
    private final transient URI tokenEndpoint;
    private final transient HttpTransportFactory transports;
    private final transient CredentialRotation rotation;
    private transient volatile Secret refreshToken;

    /** With an access token to use until the API refuses it, or none to refresh on first use. */
    RefreshTokenCredentials(
            Optional<AccessToken> accessToken,
            String clientId,
            Secret clientSecret,
            Secret refreshToken,
            URI tokenEndpoint,
            HttpTransportFactory transports,
            CredentialRotation rotation) {
        super(GoogleCredentials.newBuilder().setAccessToken(accessToken.orElse(null)));
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.clientSecret = requireNonNull(clientSecret, "clientSecret is null");
        this.refreshToken = requireNonNull(refreshToken, "refreshToken is null");
        this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint is null");
        this.transports = requireNonNull(transports, "transports is null");
        this.rotation = requireNonNull(rotation, "rotation is null");
    }

    @Override
    public AccessToken refreshAccessToken() throws IOException {
        Refreshed<AccessToken> refreshed =
                rotation.refresh(BigQueryProperties.REFRESH_TOKEN, refreshToken, this::exchange);
        refreshToken = refreshed.secret();
        return refreshed.result();
    }

    /** One {@code refresh_token} grant with {@code current}; the response may carry the refresh token replacing it. */
    private Refreshed<AccessToken> exchange(Secret current) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret.reveal());
        form.put("refresh_token", current.reveal());
        HttpRequest request = transports
                .create()
                .createRequestFactory()
                .buildPostRequest(new GenericUrl(tokenEndpoint), new UrlEncodedContent(form));
        // The form carries the client secret and the refresh token: nothing of it may reach a log.
        request.setLoggingEnabled(false);
        request.setCurlLoggingEnabled(false);
        request.setThrowExceptionOnExecuteError(false);
        HttpResponse response = request.execute();
        try {
            JsonNode body = readBody(response);
            if (!response.isSuccessStatusCode()) {
                throw new TokenEndpointRefusal(
                        response.getStatusCode(), body.path("error").asText(""));
            }
            String token = body.path("access_token").asText("");
            if (token.isEmpty()) {
                throw new IOException("the token endpoint answered without an access_token");
            }
            AccessToken.Builder accessToken = AccessToken.newBuilder().setTokenValue(token);
            if (body.path("expires_in").canConvertToLong()) {
                accessToken.setExpirationTime(Date.from(
                        Instant.now().plusSeconds(body.path("expires_in").asLong())));
            }
            String issued = body.path("refresh_token").asText("");
            // RFC 6749 section 6: a new refresh token replaces the old one, which the server may have revoked.
            return new Refreshed<>(accessToken.build(), issued.isEmpty() ? current : Secret.of(issued));
        } finally {
            response.disconnect();
        }
    }

    private static JsonNode readBody(HttpResponse response) throws IOException {
        String text = response.parseAsString();
        try {
            JsonNode body = JSON.readTree(text == null || text.isEmpty() ? "{}" : text);
            return body == null ? JSON.createObjectNode() : body;
        } catch (IOException e) {
            // The body is not JSON, e.g. a proxy's error page: its status says enough, and it is not echoed.
            return JSON.createObjectNode();
        }
    }

    @Override
    public String toString() {
        return "RefreshTokenCredentials[clientId=" + clientId + ", tokenEndpoint=" + tokenEndpoint + "]";
    }

    /**
     * The token endpoint refused the grant. A client error (an {@code invalid_grant} for a revoked or rotated-out
     * refresh token, an unknown client) is final; a server error or a rate limit may pass, which {@link Retryable}
     * tells {@link BigQueryErrors} as it does for google-auth's own failures.
     */
    static final class TokenEndpointRefusal extends IOException implements Retryable {
        private static final long serialVersionUID = 1L;
        private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,40}");

        private final int status;

        TokenEndpointRefusal(int status, String error) {
            // RFC 6749 section 5.2 error codes are short ASCII words; anything else is not repeated.
            super("the token endpoint answered " + status
                    + (ERROR_CODE.matcher(error).matches() ? " (" + error + ")" : ""));
            this.status = status;
        }

        @Override
        public boolean isRetryable() {
            return status >= 500 || status == 408 || status == 429;
        }

        @Override
        public int getRetryCount() {
            return 0;
        }
    }
}
