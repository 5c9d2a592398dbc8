package com.carto.connections.snowflake;

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
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Access tokens of one Snowflake OAuth identity, refreshed by the SDK: the driver has no refresh-token property, and
 * an expired access token fails the login (notes part E), so each physical connection asks here for a token that is
 * still valid for a minute. A refresh is the {@code refresh_token} grant against the account's token endpoint (RFC
 * 6749 section 6; client authentication with HTTP Basic, as Snowflake OAuth takes it:
 * https://docs.snowflake.com/en/user-guide/oauth-custom), run through the SDK's {@link CredentialRotation}, which
 * serializes refreshes per connection and identity and stores a refresh token the endpoint replaces. Thread-safe: one
 * refresh at a time per object, under its lock.
 */
final class OAuthTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MARGIN = Duration.ofMinutes(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,40}");

    private final URI tokenEndpoint;
    private final String clientId;
    private final Secret clientSecret;
    private final CredentialRotation rotation;
    private final Clock clock;
    private final HttpClient http;
    private Secret refreshToken;
    private @Nullable String accessToken;
    private Instant expiry = Instant.MIN;

    OAuthTokens(
            URI tokenEndpoint,
            String clientId,
            Secret clientSecret,
            Secret refreshToken,
            CredentialRotation rotation,
            Clock clock) {
        this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint is null");
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.clientSecret = requireNonNull(clientSecret, "clientSecret is null");
        this.refreshToken = requireNonNull(refreshToken, "refreshToken is null");
        this.rotation = requireNonNull(rotation, "rotation is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * An access token valid for at least another minute, refreshed when needed.
     *
     * @throws ConnectionException {@code AUTHENTICATION} when the endpoint refuses the refresh token or the client,
     *     {@code UNAVAILABLE} when it cannot be reached or fails on its side
     */
    synchronized String accessToken() {
        String current = accessToken;
        if (current != null && clock.instant().plus(MARGIN).isBefore(expiry)) {
            return current;
        }
        try {
            Refreshed<Token> refreshed =
                    rotation.refresh(SnowflakeProperties.REFRESH_TOKEN, refreshToken, this::exchange);
            refreshToken = refreshed.secret();
            accessToken = refreshed.result().value();
            expiry = refreshed.result().expiry();
            return refreshed.result().value();
        } catch (Refusal e) {
            throw new ConnectionException(e.category, "Snowflake OAuth: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectionException(
                    ErrorCategory.UNAVAILABLE,
                    "Snowflake OAuth: the token endpoint could not be reached ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private Refreshed<Token> exchange(Secret current) throws IOException {
        String form =
                "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(current.reveal(), StandardCharsets.UTF_8);
        String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret.reveal(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while refreshing", e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            int status = response.statusCode();
            String error = body.path("error").asText("");
            // RFC 6749 section 5.2 codes are short ASCII words; anything else is not repeated.
            String said = ERROR_CODE.matcher(error).matches() ? " (" + error + ")" : "";
            throw new Refusal(
                    status >= 500 || status == 429 || status == 408
                            ? ErrorCategory.UNAVAILABLE
                            : ErrorCategory.AUTHENTICATION,
                    "the token endpoint answered " + status + said);
        }
        String token = body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new Refusal(ErrorCategory.UNAVAILABLE, "the token endpoint answered without an access_token");
        }
        Instant expires = clock.instant().plusSeconds(body.path("expires_in").asLong(600));
        String issued = body.path("refresh_token").asText("");
        // RFC 6749 section 6: a new refresh token replaces the old one, which the server may have revoked.
        return new Refreshed<>(new Token(token, expires), issued.isEmpty() ? current : Secret.of(issued));
    }

    private static JsonNode parse(String text) {
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

    /** The token endpoint's refusal, with the category the SDK reports it as. */
    private static final class Refusal extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient ErrorCategory category;

        Refusal(ErrorCategory category, String message) {
            super(message);
            this.category = category;
        }
    }
}
