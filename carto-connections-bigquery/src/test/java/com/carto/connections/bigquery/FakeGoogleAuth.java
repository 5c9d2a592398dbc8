package com.carto.connections.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's token endpoints as the fake serves them: {@code /token} (OAuth 2.0: a service account's signed JWT
 * assertion, checked against its registered public key with RS256, or a refresh token with its client), {@code /sts}
 * (workload identity federation's token exchange) and {@code /subject-token} (the external credential source). Every
 * access token it issues, and any registered with {@link #acceptAccessToken}, opens the BigQuery API.
 *
 * <p>An OAuth client may be set to rotate refresh tokens ({@link #rotateRefreshTokens}), as an authorization server
 * with refresh-token rotation does: RFC 6749 section 6 lets it answer a refresh with a new refresh token, which the
 * client must use from then on, and revoke the old one; RFC 9700 section 4.14.2 has it revoke the active refresh token
 * of the family when a rotated-out one is presented again, since it cannot tell the legitimate client from a thief.
 * Each refresh token belongs to the family of the token first registered, by which {@link #grantOf} names it.
 */
final class FakeGoogleAuth {
    static final String BIGQUERY_SCOPE = "https://www.googleapis.com/auth/bigquery";

    static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String root;
    private final Map<String, PublicKey> serviceAccounts = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    // Refresh token -> the token its family started from; active and rotated-out tokens alike.
    private final Map<String, String> families = new ConcurrentHashMap<>();
    private final Set<String> rotatedOut = ConcurrentHashMap.newKeySet();
    private final Set<String> rotatingClients = ConcurrentHashMap.newKeySet();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final AtomicInteger refreshTokensIssued = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();
    private final Map<String, AtomicInteger> refreshing = new ConcurrentHashMap<>();
    private final AtomicInteger mostRefreshesAtOnce = new AtomicInteger();
    private volatile int accessTokenSeconds = 3600;
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> grants = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile String subjectToken;
    private volatile String servedSubjectToken;

    FakeGoogleAuth(String root) {
        this.root = root;
    }

    String tokenUri() {
        return root + "/token";
    }

    String stsUri() {
        return root + "/sts";
    }

    String subjectTokenUri() {
        return root + "/subject-token";
    }

    void registerServiceAccount(String email, PublicKey key) {
        serviceAccounts.put(email, key);
    }

    void registerRefreshToken(String clientId, String clientSecret, String refreshToken) {
        refreshTokens.put(clientId + "\n" + clientSecret + "\n" + refreshToken, clientId);
        families.put(refreshToken, refreshToken);
    }

    /** From now on every refresh by this client issues a new refresh token and revokes the one presented. */
    void rotateRefreshTokens(String clientId) {
        rotatingClients.add(clientId);
    }

    /** The refresh token of the family of {@code registered} that the endpoint accepts now, if any. */
    Optional<String> activeRefreshToken(String registered) {
        return refreshTokens.keySet().stream()
                .map(key -> key.substring(key.lastIndexOf('\n') + 1))
                .filter(token -> registered.equals(families.get(token)))
                .findFirst();
    }

    /**
     * How long the access tokens issued from now on live. Below google-auth's expiration margin (3 minutes) a client
     * refreshes before every request, which makes each request a rotation.
     */
    void accessTokenLifetime(int seconds) {
        accessTokenSeconds = seconds;
    }

    /** New refresh tokens issued by rotation so far. */
    int refreshTokensIssued() {
        return refreshTokensIssued.get();
    }

    /** The most refreshes of one token family that were ever in progress at once. */
    int mostRefreshesAtOnce() {
        return mostRefreshesAtOnce.get();
    }

    /** How often a rotated-out refresh token was presented again. */
    int replays() {
        return replays.get();
    }

    /**
     * Makes the next refresh of {@code registered}'s family wait, after the endpoint rotated the token and before it
     * answers, until the hold is released: the moment between a refresh and the client saving its result.
     */
    Hold holdNextRefresh(String registered) {
        Hold hold = new Hold();
        holds.put(registered, hold);
        return hold;
    }

    void acceptAccessToken(String token) {
        accessTokens.add(token);
    }

    /** The token the external credential source hands out, and the only one {@code /sts} exchanges. */
    void subjectToken(String token) {
        subjectToken = token;
        servedSubjectToken = token;
    }

    /** Makes the credential source hand out another token than the one the exchange accepts. */
    void subjectTokenServed(String token) {
        servedSubjectToken = token;
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    /**
     * What the bearer token in {@code authorization} was issued for: {@code refresh token <token first registered>},
     * {@code service account <email>}, {@code subject token}, {@code access token as given}; null for no token it knows.
     * Tests tell whose credentials a request ran with by it.
     */
    String grantOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String token = authorization.substring("Bearer ".length());
        return accessTokens.contains(token) ? grants.getOrDefault(token, "access token as given") : null;
    }

    boolean accepts(String authorization) {
        return authorization != null
                && authorization.startsWith("Bearer ")
                && accessTokens.contains(authorization.substring("Bearer ".length()));
    }

    FakeBigQuery.Answer handle(String method, String path, String body) throws IOException {
        Map<String, String> form = FakeBigQuery.form(body);
        return switch (method + " " + path) {
            case "POST /token" -> token(form);
            case "POST /sts" -> exchange(form);
            case "GET /subject-token" ->
                servedSubjectToken == null
                        ? oauthError(404, "not_found", "no subject token")
                        : FakeBigQuery.Answer.ok(JSON.createObjectNode().put("id_token", servedSubjectToken));
            default -> oauthError(404, "not_found", "no such endpoint " + path);
        };
    }

    private FakeBigQuery.Answer token(Map<String, String> form) throws IOException {
        String grant = form.getOrDefault("grant_type", "");
        if (grant.equals("urn:ietf:params:oauth:grant-type:jwt-bearer")) {
            String problem = jwtProblem(form.getOrDefault("assertion", ""));
            return problem == null
                    ? issue("service account " + issuer(form.get("assertion")))
                    : oauthError(400, "invalid_grant", problem);
        }
        if (grant.equals("refresh_token")) {
            return refresh(form.get("client_id"), form.get("client_secret"), form.get("refresh_token"));
        }
        return oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + grant);
    }

    private FakeBigQuery.Answer refresh(String clientId, String clientSecret, String refreshToken) {
        String family = families.get(refreshToken);
        if (family == null) {
            return oauthError(400, "invalid_grant", "Bad Request");
        }
        AtomicInteger inProgress = refreshing.computeIfAbsent(family, key -> new AtomicInteger());
        mostRefreshesAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
        try {
            // A refresh takes a moment, as at a real endpoint, so that overlapping refreshes would overlap here.
            Thread.sleep(5);
            return rotate(clientId, clientSecret, refreshToken, family);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return oauthError(503, "unavailable", "interrupted");
        } finally {
            inProgress.decrementAndGet();
        }
    }

    private FakeBigQuery.Answer rotate(String clientId, String clientSecret, String refreshToken, String family) {
        if (rotatedOut.contains(refreshToken)) {
            // RFC 9700 section 4.14.2: a replayed token revokes the family's active one too.
            replays.incrementAndGet();
            refreshTokens
                    .keySet()
                    .removeIf(key -> family.equals(families.get(key.substring(key.lastIndexOf('\n') + 1))));
            return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
        }
        String key = clientId + "\n" + clientSecret + "\n" + refreshToken;
        if (!refreshTokens.containsKey(key)) {
            return oauthError(400, "invalid_grant", "Bad Request");
        }
        FakeBigQuery.Answer answer = issue("refresh token " + family);
        if (rotatingClients.contains(clientId)) {
            String next = "rotated-" + UUID.randomUUID();
            refreshTokens.remove(key);
            rotatedOut.add(refreshToken);
            families.put(next, family);
            refreshTokens.put(clientId + "\n" + clientSecret + "\n" + next, clientId);
            refreshTokensIssued.incrementAndGet();
            ((ObjectNode) answer.body()).put("refresh_token", next);
        }
        Hold hold = holds.remove(family);
        if (hold != null) {
            hold.hold();
        }
        return answer;
    }

    /** Why a service account's assertion is refused, or null: signature, issuer, audience, expiry and scope. */
    private String jwtProblem(String assertion) throws IOException {
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            return "Invalid JWT: not three parts";
        }
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (!"RS256".equals(header.path("alg").asText())) {
            return "Invalid JWT: alg must be RS256";
        }
        PublicKey key = serviceAccounts.get(claims.path("iss").asText());
        if (key == null) {
            return "Invalid JWT: unknown issuer";
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "Invalid JWT Signature.";
            }
        } catch (GeneralSecurityException e) {
            return "Invalid JWT Signature.";
        }
        // google-auth addresses the assertion to Google's token endpoint whatever the key's token_uri says.
        if (!GOOGLE_TOKEN_AUDIENCE.equals(claims.path("aud").asText())) {
            return "Invalid JWT: audience must be " + GOOGLE_TOKEN_AUDIENCE;
        }
        if (claims.path("exp").asLong() * 1000 < System.currentTimeMillis()) {
            return "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe";
        }
        if (!claims.path("scope").asText().contains(BIGQUERY_SCOPE)) {
            return "Invalid JWT: no BigQuery scope";
        }
        return null;
    }

    private static String issuer(String checkedAssertion) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(checkedAssertion.split("\\.")[1]))
                .path("iss")
                .asText();
    }

    private FakeBigQuery.Answer exchange(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:token-exchange".equals(form.get("grant_type"))) {
            return oauthError(400, "invalid_request", "grant_type must be token-exchange");
        }
        if (subjectToken == null || !subjectToken.equals(form.get("subject_token"))) {
            return oauthError(400, "invalid_grant", "The subject token is invalid");
        }
        FakeBigQuery.Answer issued = issue("subject token");
        ((ObjectNode) issued.body()).put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        return issued;
    }

    private FakeBigQuery.Answer issue(String grant) {
        String token = "fake-access-" + UUID.randomUUID();
        grants.put(token, grant);
        accessTokens.add(token);
        tokensIssued.incrementAndGet();
        return FakeBigQuery.Answer.ok(JSON.createObjectNode()
                .put("access_token", token)
                .put("token_type", "Bearer")
                .put("expires_in", accessTokenSeconds));
    }

    /** A refresh held between the endpoint rotating the token and answering; see {@link #holdNextRefresh}. */
    static final class Hold {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private void hold() {
            held.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a held refresh was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until a refresh is held. */
        void awaitHeld() throws InterruptedException {
            if (!held.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no refresh reached the token endpoint");
            }
        }

        void release() {
            released.countDown();
        }
    }

    private static FakeBigQuery.Answer oauthError(int status, String error, String description) {
        return new FakeBigQuery.Answer(
                status, JSON.createObjectNode().put("error", error).put("error_description", description));
    }
}
