package com.carto.connections.databricks;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.CredentialRotation;
import com.carto.connections.spi.CredentialRotation.Refreshed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Access tokens of one Databricks OAuth identity, got by the SDK from the workspace's token endpoint and handed to the
 * driver as a bearer token (the module README says why the driver's own OAuth is not used). Two grants
 * (docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m and .../oauth-u2m, RFC 6749):
 * <ul>
 *   <li>{@code client_credentials} with scope {@code all-apis} for a service principal (section 4.4), the client
 *       authenticated with HTTP Basic (section 2.3.1); asked again whenever the token nears its expiry;
 *   <li>{@code refresh_token} for a user (section 6), through the SDK's {@link CredentialRotation}, which serializes
 *       refreshes per connection and identity and stores the refresh token the workspace issues in place of the one
 *       it spent (Databricks refresh tokens are single-use for most app integrations,
 *       docs.databricks.com/aws/en/integrations/single-use-tokens). A confidential app
 *       authenticates with HTTP Basic, a public one sends its {@code client_id} in the form (section 3.2.1).
 * </ul>
 * A token is renewed when less than {@link #MARGIN} of it is left. Thread-safe: one request at a time per object.
 */
final class OAuthTokens {
    /**
     * How much validity a token handed out still has at least: a statement that starts with it keeps polling with it
     * for up to that long. Databricks issues tokens for an hour.
     */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,40}");
    private static final long DEFAULT_LIFETIME_SECONDS = 3_600;

    private final URI tokenEndpoint;
    private final String clientId;
    private final Optional<Secret> clientSecret;
    private final Optional<CredentialRotation> rotation;
    private final Clock clock;
    private final HttpClient http;
    private @Nullable Secret refreshToken;
    private @Nullable String accessToken;
    private Instant expiry = Instant.MIN;

    private OAuthTokens(
            URI tokenEndpoint,
            String clientId,
            Optional<Secret> clientSecret,
            @Nullable Secret refreshToken,
            Optional<CredentialRotation> rotation,
            Clock clock) {
        this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint is null");
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.clientSecret = requireNonNull(clientSecret, "clientSecret is null");
        this.refreshToken = refreshToken;
        this.rotation = requireNonNull(rotation, "rotation is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                // A redirect would carry the form elsewhere; the endpoint is the workspace's own, or nothing.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A service principal's tokens: the client credentials grant. */
    static OAuthTokens servicePrincipal(URI tokenEndpoint, String clientId, Secret clientSecret, Clock clock) {
        return new OAuthTokens(
                tokenEndpoint,
                clientId,
                Optional.of(requireNonNull(clientSecret, "clientSecret is null")),
                null,
                Optional.empty(),
                clock);
    }

    /** A user's tokens: the refresh token grant, rotated refresh tokens handed to {@code rotation}. */
    static OAuthTokens user(
            URI tokenEndpoint,
            String clientId,
            Optional<Secret> clientSecret,
            Secret refreshToken,
            CredentialRotation rotation,
            Clock clock) {
        return new OAuthTokens(
                tokenEndpoint,
                clientId,
                clientSecret,
                requireNonNull(refreshToken, "refreshToken is null"),
                Optional.of(requireNonNull(rotation, "rotation is null")),
                clock);
    }

    /**
     * An access token valid for at least another {@link #MARGIN}, renewed when needed.
     *
     * @throws ConnectionException {@code AUTHENTICATION} naming the setting to fix when the endpoint refuses the client
     *     or the refresh token, {@code UNAVAILABLE} when it cannot be reached or fails on its side
     */
    synchronized String accessToken() {
        String current = accessToken;
        if (current != null && clock.instant().plus(MARGIN).isBefore(expiry)) {
            return current;
        }
        try {
            Token token;
            Optional<CredentialRotation> rotating = rotation;
            Secret held = refreshToken;
            if (rotating.isPresent() && held != null) {
                Refreshed<Token> refreshed =
                        rotating.get().refresh(DatabricksProperties.REFRESH_TOKEN, held, this::refresh);
                refreshToken = refreshed.secret();
                token = refreshed.result();
            } else {
                token = request("grant_type=client_credentials&scope=all-apis").token();
            }
            accessToken = token.value();
            expiry = token.expiry();
            return token.value();
        } catch (Refusal e) {
            throw new ConnectionException(e.category, "Databricks OAuth: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectionException(
                    ErrorCategory.UNAVAILABLE,
                    "Databricks OAuth: the workspace's token endpoint could not be reached ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private Refreshed<Token> refresh(Secret current) throws IOException {
        Issued issued = request("grant_type=refresh_token&refresh_token=" + encode(current.reveal()));
        // RFC 6749 section 6: a new refresh token replaces the one spent, which the workspace may have revoked.
        return new Refreshed<>(issued.token(), issued.refreshToken().orElse(current));
    }

    private Issued request(String grant) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        String form = grant;
        if (clientSecret.isPresent()) {
            // RFC 6749 section 2.3.1: client id and secret form-encoded, then Base64 in HTTP Basic.
            String basic = encode(clientId) + ":" + encode(clientSecret.get().reveal());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            form = form + "&client_id=" + encode(clientId);
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking for a token", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status != 200) {
            throw refusal(status, body.path("error").asText(""));
        }
        String token = body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new Refusal(ErrorCategory.UNAVAILABLE, "the token endpoint answered without an access_token");
        }
        Instant expires = clock.instant().plusSeconds(body.path("expires_in").asLong(DEFAULT_LIFETIME_SECONDS));
        String issued = body.path("refresh_token").asText("");
        return new Issued(
                new Token(token, expires), issued.isEmpty() ? Optional.empty() : Optional.of(Secret.of(issued)));
    }

    /** The token endpoint's refusal, naming the settings to fix; the endpoint's own description is not repeated. */
    private Refusal refusal(int status, String error) {
        if (status >= 500 || status == 429 || status == 408) {
            return new Refusal(ErrorCategory.UNAVAILABLE, "the workspace's token endpoint answered " + status);
        }
        // RFC 6749 section 5.2 codes are short ASCII words; anything else is not repeated.
        String said = ERROR_CODE.matcher(error).matches() ? " (" + error + ")" : "";
        String check = switch (error) {
            case "invalid_client", "unauthorized_client" ->
                clientSecret.isPresent()
                        ? "check clientId and clientSecret"
                        : "check clientId, and clientSecret if the app is confidential";
            case "invalid_grant" ->
                refreshToken == null
                        ? "check clientId and clientSecret"
                        : "the refreshToken is expired, revoked or already used: the user must sign in again";
            default ->
                refreshToken == null
                        ? "check clientId and clientSecret"
                        : "check clientId, clientSecret and refreshToken";
        };
        return new Refusal(
                ErrorCategory.AUTHENTICATION,
                "the workspace's token endpoint refused the request with " + status + said,
                check);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(@Nullable String text) {
        try {
            JsonNode body = JSON.readTree(text == null || text.isEmpty() ? "{}" : text);
            return body == null ? JSON.createObjectNode() : body;
        } catch (IOException e) {
            // Not JSON (a proxy's error page): the status says enough, and the body is not echoed.
            return JSON.createObjectNode();
        }
    }

    @Override
    public String toString() {
        return "OAuthTokens[clientId=" + clientId + ", tokenEndpoint=" + tokenEndpoint + "]";
    }

    /** An access token and when it expires; never printed. */
    private record Token(String value, Instant expiry) {
        @Override
        public String toString() {
            return "Token[expiry=" + expiry + "]";
        }
    }

    /** What the endpoint issued: an access token, and a refresh token when it replaced the one spent. */
    private record Issued(Token token, Optional<Secret> refreshToken) {}

    /** The token endpoint's refusal, with the category the SDK reports it as. */
    /** The token endpoint's refusal, with what the user should check when it is theirs to fix. */
    static final class Refusal extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient ErrorCategory category;
        private final String check;

        Refusal(ErrorCategory category, String message) {
            this(category, message, "");
        }

        Refusal(ErrorCategory category, String message, String check) {
            super(check.isEmpty() ? message : message + "; " + check);
            this.category = category;
            this.check = check;
        }

        /** What to check, e.g. "check clientId and clientSecret"; empty when nothing of the user's is suspect. */
        String check() {
            return check;
        }
    }
}
