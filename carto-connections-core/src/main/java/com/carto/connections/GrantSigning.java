package com.carto.connections;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.grants.Grant;
import com.carto.connections.internal.SecretCipher;
import com.carto.connections.secrets.Secret;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.StoredSigningKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Signs grant tokens and verifies them: compact JWS with ES256 only, {@code kid} naming a stored key pair whose
 * private key is encrypted under the key ring. The newest key that is not retired signs; every key that is not retired
 * verifies. Keys are read from the store at most once per {@code recheck} (and once more, rate-limited, when a token
 * names a key this instance has not seen), so a key retired by another instance stops verifying here within that
 * time; one retired here stops at once.
 */
final class GrantSigning {
    /** The AEAD's associated data binds a private key's ciphertext to this name and the key's id. */
    static final String CIPHER_SUBJECT = "grant-signing-keys";

    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final Duration UNKNOWN_KEY_RELOAD = Duration.ofSeconds(1);

    private final ConnectionStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final String audience;
    private final Duration recheck;

    // Guarded by this.
    private Map<String, ECPublicKey> verifying = Map.of();
    private @Nullable Instant loadedAt;

    GrantSigning(ConnectionStore store, SecretCipher cipher, Clock clock, String audience, Duration recheck) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.audience = audience;
        this.recheck = recheck;
    }

    /** A compact token for the grant: {@code jti} the grant's id, {@code exp} its expiry, {@code org} its organization. */
    Secret sign(Grant grant) {
        StoredSigningKey key = activeKey();
        try {
            ECPrivateKey privateKey = privateKey(key);
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .jwtID(grant.id())
                    .audience(audience)
                    .issueTime(Date.from(clock.instant()))
                    .expirationTime(Date.from(grant.expiresAt()))
                    .claim("org", grant.organizationId())
                    .build();
            SignedJWT token = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.keyId())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            token.sign(new ECDSASigner(privateKey));
            return Secret.of(token.serialize());
        } catch (JOSEException e) {
            throw new ConnectionException(
                    ErrorCategory.INTERNAL, "cannot sign a grant token with key " + key.keyId(), e);
        }
    }

    /**
     * The claims of a token this SDK signed with a key that is not retired, for this audience and not expired at
     * {@code now}; empty for anything else, whatever is wrong with it (the caller learns nothing of why).
     */
    Optional<Claims> verify(Secret token, Instant now) {
        String text = token.reveal();
        if (text.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            // SignedJWT refuses an unsecured (alg "none") token at parse time; the algorithm is then pinned to ES256.
            SignedJWT jwt = SignedJWT.parse(text);
            JWSHeader header = jwt.getHeader();
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null) {
                return Optional.empty();
            }
            ECPublicKey key = verifyingKey(header.getKeyID(), now);
            if (key == null || !jwt.verify(new ECDSAVerifier(key))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            Object organization = claims.getClaim("org");
            if (claims.getJWTID() == null
                    || expires == null
                    || !now.isBefore(expires.toInstant())
                    || claims.getAudience() == null
                    || !claims.getAudience().equals(List.of(audience))
                    || !(organization instanceof String organizationId)) {
                return Optional.empty();
            }
            return Optional.of(new Claims(claims.getJWTID(), organizationId, expires.toInstant()));
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** A new key pair that signs from now on; the older ones keep verifying until retired. */
    synchronized String rotate() {
        String keyId = "gk-" + UUID.randomUUID();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            String ciphertext = cipher.encrypt(
                    CIPHER_SUBJECT,
                    keyId,
                    Secret.of(base64.encodeToString(pair.getPrivate().getEncoded())));
            store.insertSigningKey(new StoredSigningKey(
                    keyId,
                    base64.encodeToString(pair.getPublic().getEncoded()),
                    new EncryptedSecret(cipher.keyIdOf(ciphertext), ciphertext),
                    createdAt(),
                    Optional.empty()));
        } catch (GeneralSecurityException e) {
            throw new ConnectionException(ErrorCategory.INTERNAL, "cannot generate a P-256 key pair", e);
        }
        loadedAt = null;
        return keyId;
    }

    /** Now, or just after the newest key when the clock has not moved past it: the newest key is the one that signs. */
    private Instant createdAt() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (StoredSigningKey key : store.signingKeys()) {
            if (!now.isAfter(key.createdAt())) {
                now = key.createdAt().plus(1, ChronoUnit.MICROS);
            }
        }
        return now;
    }

    /** Retires a key: tokens it signed stop working here at once, on other instances within the recheck interval. */
    synchronized boolean retire(String keyId) {
        boolean retired = store.retireSigningKey(keyId, clock.instant().truncatedTo(ChronoUnit.MICROS));
        loadedAt = null;
        return retired;
    }

    private synchronized StoredSigningKey activeKey() {
        Optional<StoredSigningKey> newest = newestActive();
        if (newest.isEmpty()) {
            rotate();
            newest = newestActive();
        }
        return newest.orElseThrow(() ->
                new ConnectionException(ErrorCategory.INTERNAL, "no signing key is active right after one was made"));
    }

    private Optional<StoredSigningKey> newestActive() {
        List<StoredSigningKey> keys = store.signingKeys();
        StoredSigningKey newest = null;
        for (StoredSigningKey key : keys) {
            if (key.retiredAt().isEmpty() && (newest == null || !key.createdAt().isBefore(newest.createdAt()))) {
                newest = key;
            }
        }
        return Optional.ofNullable(newest);
    }

    private synchronized @Nullable ECPublicKey verifyingKey(String keyId, Instant now) {
        Instant loaded = loadedAt;
        boolean stale = loaded == null || !now.isBefore(loaded.plus(recheck));
        boolean unknownMayBeNew =
                !verifying.containsKey(keyId) && (loaded == null || !now.isBefore(loaded.plus(UNKNOWN_KEY_RELOAD)));
        if (stale || unknownMayBeNew) {
            Map<String, ECPublicKey> keys = new HashMap<>();
            for (StoredSigningKey key : store.signingKeys()) {
                if (key.retiredAt().isEmpty()) {
                    keys.put(key.keyId(), publicKey(key));
                }
            }
            verifying = Map.copyOf(keys);
            loadedAt = now;
        }
        return verifying.get(keyId);
    }

    private static ECPublicKey publicKey(StoredSigningKey key) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKey())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConnectionException(
                    ErrorCategory.INTERNAL, "the stored public key of signing key " + key.keyId() + " is damaged", e);
        }
    }

    private ECPrivateKey privateKey(StoredSigningKey key) {
        Secret encoded =
                cipher.decrypt(CIPHER_SUBJECT, key.keyId(), key.privateKey().ciphertext());
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded.reveal())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // The message names the key, never its bytes.
            throw new ConnectionException(
                    ErrorCategory.INTERNAL, "the stored private key of signing key " + key.keyId() + " is damaged", e);
        }
    }

    /** What a verified token says. */
    record Claims(String grantId, String organizationId, Instant expiresAt) {}
}
