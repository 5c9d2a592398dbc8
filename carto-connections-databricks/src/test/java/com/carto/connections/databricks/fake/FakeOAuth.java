package com.carto.connections.databricks.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workspace's OAuth token endpoint, {@code POST /oidc/v1/token}, and the access tokens it issued, which the
 * statement API accepts until they expire. Each rule cites its reference:
 * <ul>
 *   <li>[M2M] docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m: a service principal's client id and OAuth secret
 *       (HTTP Basic, or {@code client_id}/{@code client_secret} in the form), {@code grant_type=client_credentials},
 *       {@code scope=all-apis}; the access token is valid for one hour
 *   <li>[U2M] docs.databricks.com/aws/en/dev-tools/auth/oauth-u2m: {@code grant_type=refresh_token} for an OAuth app
 *       (confidential with a secret, or public with its {@code client_id} only)
 *   <li>[SINGLE-USE] docs.databricks.com/aws/en/integrations/single-use-tokens: each
 *       refresh issues a new refresh token and the one spent is refused from then on
 *   <li>[RFC6749] RFC 6749: POST only (3.2), form-encoded body (4.4.2, 6), no parameter twice (3.2), one client
 *       authentication method per request (2.3), Basic credentials form-encoded before Base64 (2.3.1), errors as
 *       {@code {"error":…,"error_description":…}} with 400, or 401 plus {@code WWW-Authenticate} for a client that
 *       failed HTTP Basic (5.2), success with {@code Cache-Control: no-store} (5.1), no refresh token for
 *       client credentials (4.4.3)
 * </ul>
 */
public final class FakeOAuth {
    private static final Duration ONE_HOUR = Duration.ofHours(1);

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Issued> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger clientCredentialGrants = new AtomicInteger();
    private final AtomicInteger refreshGrants = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration accessTokenLifetime = ONE_HOUR;

    FakeOAuth() {}

    /** A client registered with the workspace: a service principal, or an OAuth app connection. */
    private record Client(Optional<String> secret, boolean servicePrincipal) {}

    /** An access token's principal and expiry. */
    private record Issued(String principal, Instant expiry) {}

    /** A refresh token's user and client, and whether it is still unspent. */
    private record Grant(String user, String clientId, boolean active) {}

    /** [M2M] A service principal whose OAuth secret is {@code secret}; its client id is its principal. */
    public FakeOAuth servicePrincipal(String clientId, String secret) {
        clients.put(clientId, new Client(Optional.of(secret), true));
        return this;
    }

    /** [U2M] An OAuth app connection: confidential with a secret, public without. */
    public FakeOAuth app(String clientId, Optional<String> secret) {
        clients.put(clientId, new Client(secret, false));
        return this;
    }

    /** The refresh token a user got by signing in to {@code clientId} (the authorization code flow, not faked). */
    public String issueRefreshToken(String user, String clientId) {
        String token = "dbrt-" + UUID.randomUUID();
        refreshTokens.put(token, new Grant(user, clientId, true));
        return token;
    }

    /** The clock the issued tokens expire by; a test moves it instead of waiting. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    public void accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
    }

    public int clientCredentialGrants() {
        return clientCredentialGrants.get();
    }

    public int refreshGrants() {
        return refreshGrants.get();
    }

    /** How many spent refresh tokens were presented again. */
    public int replays() {
        return replays.get();
    }

    public boolean refreshTokenActive(String token) {
        Grant grant = refreshTokens.get(token);
        return grant != null && grant.active();
    }

    /** The principal of an access token the endpoint issued and that has not expired. */
    Optional<String> principal(String accessToken) {
        Issued issued = accessTokens.get(accessToken);
        return issued == null || !clock.instant().isBefore(issued.expiry())
                ? Optional.empty()
                : Optional.of(issued.principal());
    }

    void handle(HttpExchange exchange) throws IOException {
        // [RFC6749] 3.2: the token endpoint takes POST only.
        if (!exchange.getRequestMethod().equals("POST")) {
            StatementExecutionFake.reply(exchange, 405, error("invalid_request", "POST only"));
            return;
        }
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                .orElse("");
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            StatementExecutionFake.reply(
                    exchange, 400, error("invalid_request", "the body must be application/x-www-form-urlencoded"));
            return;
        }
        Optional<Map<String, String>> parsed = form(exchange);
        if (parsed.isEmpty()) {
            StatementExecutionFake.reply(exchange, 400, error("invalid_request", "a parameter was repeated"));
            return;
        }
        Map<String, String> form = parsed.get();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean basic = authorization != null;
        String clientId;
        Optional<String> secret;
        if (basic) {
            if (form.containsKey("client_secret")) {
                // [RFC6749] 2.3: one authentication method per request.
                StatementExecutionFake.reply(
                        exchange, 400, error("invalid_request", "more than one client authentication method"));
                return;
            }
            Optional<String[]> credentials = basicCredentials(authorization);
            if (credentials.isEmpty()) {
                refuseClient(exchange, true);
                return;
            }
            clientId = credentials.get()[0];
            secret = Optional.of(credentials.get()[1]);
        } else {
            clientId = form.getOrDefault("client_id", "");
            secret = Optional.ofNullable(form.get("client_secret"));
        }
        Client client = clients.get(clientId);
        // A confidential client proves its secret; a public one has none to prove (RFC 6749 2.1, 3.2.1).
        if (client == null || !client.secret().equals(secret)) {
            refuseClient(exchange, basic);
            return;
        }
        String grantType = form.getOrDefault("grant_type", "");
        switch (grantType) {
            case "client_credentials" -> clientCredentials(exchange, clientId, client, form);
            case "refresh_token" -> refresh(exchange, clientId, client, form);
            case "" -> StatementExecutionFake.reply(exchange, 400, error("invalid_request", "grant_type is required"));
            default ->
                StatementExecutionFake.reply(
                        exchange,
                        400,
                        error("unsupported_grant_type", "grant_type " + grantType + " is not supported"));
        }
    }

    private void clientCredentials(HttpExchange exchange, String clientId, Client client, Map<String, String> form)
            throws IOException {
        // [M2M] only service principals use client credentials, and for scope all-apis.
        if (!client.servicePrincipal()) {
            StatementExecutionFake.reply(
                    exchange, 400, error("unauthorized_client", "the client may not use client_credentials"));
            return;
        }
        if (!"all-apis".equals(form.get("scope"))) {
            StatementExecutionFake.reply(exchange, 400, error("invalid_scope", "scope must be all-apis"));
            return;
        }
        clientCredentialGrants.incrementAndGet();
        // [RFC6749] 4.4.3: no refresh token.
        success(exchange, clientId, Optional.empty());
    }

    private void refresh(HttpExchange exchange, String clientId, Client client, Map<String, String> form)
            throws IOException {
        String token = form.get("refresh_token");
        if (token == null || token.isEmpty()) {
            StatementExecutionFake.reply(exchange, 400, error("invalid_request", "refresh_token is required"));
            return;
        }
        if (client.servicePrincipal()) {
            StatementExecutionFake.reply(
                    exchange, 400, error("unauthorized_client", "the client may not use refresh_token"));
            return;
        }
        synchronized (refreshTokens) {
            Grant grant = refreshTokens.get(token);
            // [RFC6749] 6: the refresh token must have been issued to this client.
            if (grant == null || !grant.clientId().equals(clientId)) {
                StatementExecutionFake.reply(exchange, 400, error("invalid_grant", "Refresh token is invalid"));
                return;
            }
            // [SINGLE-USE] a spent refresh token is refused.
            if (!grant.active()) {
                replays.incrementAndGet();
                StatementExecutionFake.reply(exchange, 400, error("invalid_grant", "Refresh token is invalid"));
                return;
            }
            refreshTokens.put(token, new Grant(grant.user(), clientId, false));
            String next = issueRefreshToken(grant.user(), clientId);
            refreshGrants.incrementAndGet();
            success(exchange, grant.user(), Optional.of(next));
        }
    }

    private void success(HttpExchange exchange, String principal, Optional<String> refreshToken) throws IOException {
        String accessToken = "dbat-" + UUID.randomUUID();
        Duration lifetime = accessTokenLifetime;
        accessTokens.put(accessToken, new Issued(principal, clock.instant().plus(lifetime)));
        ObjectNode body = StatementExecutionFake.json()
                .createObjectNode()
                .put("access_token", accessToken)
                .put("token_type", "Bearer")
                .put("expires_in", lifetime.toSeconds())
                .put("scope", "all-apis");
        refreshToken.ifPresent(token -> body.put("refresh_token", token));
        // [RFC6749] 5.1: tokens are not cached.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        StatementExecutionFake.reply(exchange, 200, body);
    }

    private static void refuseClient(HttpExchange exchange, boolean basic) throws IOException {
        // [RFC6749] 5.2: 401 with WWW-Authenticate for a client that tried HTTP Basic.
        if (basic) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"oidc\"");
        }
        StatementExecutionFake.reply(exchange, 401, error("invalid_client", "Client authentication failed"));
    }

    /** [RFC6749] 2.3.1: {@code Basic base64(urlencode(id) ":" urlencode(secret))}. */
    private static Optional<String[]> basicCredentials(String authorization) {
        if (!authorization.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {
            URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
            URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
        });
    }

    /** The form's parameters; empty when one is repeated ([RFC6749] 3.2). */
    private static Optional<Map<String, String>> form(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream input = exchange.getRequestBody()) {
            body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (form.put(name, value) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(form);
    }

    private static ObjectNode error(String code, String description) {
        return StatementExecutionFake.json()
                .createObjectNode()
                .put("error", code)
                .put("error_description", description);
    }
}
