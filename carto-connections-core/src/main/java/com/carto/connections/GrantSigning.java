package com.carto.connections;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import com.carto.connections.grants.Grant;
import com.carto.connections.internal.SecretCipher;
import com.carto.connections.secrets.Secret;
import com.carto.connections.store.ConnectionStore;
import com.carto.connections.store.EncryptedSecret;
import com.carto.connections.store.GrantAndSigningKeys;
import com.carto.connections.store.StoredSigningKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs grant tokens and verifies them: compact JWS with ES256 only, {@code kid} naming a stored key pair whose
 * private key is encrypted under the key ring. The newest key that is not retired signs; every key that is not retired
 * and is sound verifies. Keys are read from the store at most once per {@code recheck} on the monotonic ticker (and
 * once more, rate-limited, when a token names a key this instance has not seen), so a key retired by another instance
 * stops verifying here within that time; one retired here stops at once.
 *
 * <p>A key is sound when its public half parses, its private half decrypts under the key ring, and the two are a pair.
 * Checking the private half when only the public one verifies is deliberate: someone who can write the store but does
 * not hold the key ring could otherwise put their own public key under a key id and sign tokens with it. A damaged key
 * verifies nothing (its tokens get the same refusal as any other bad token) and is logged at error level, once per
 * damaged row, by key id and reason, never bytes.
 */
final class GrantSigning {
    /** The AEAD's associated data binds a private key's ciphertext to this name and the key's id. */
    static final String CIPHER_SUBJECT = "grant-signing-keys";

    /**
     * How far another instance's clock may run ahead of this one's: a token's {@code iat} (and {@code nbf}, which this
     * SDK does not set) may be at most this far in this instance's future. Hosts keep their clocks within milliseconds
     * with NTP; 30 s leaves room for a badly synchronized one without letting a token dated later be used early.
     * {@code exp} gets no leeway: the grant's expiry, read from the store, is exact anyway.
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(GrantSigning.class);
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final long UNKNOWN_KEY_RELOAD_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int VERIFIED_SIGNATURES = 10_000;
    private static final byte[] PAIR_CHECK = "carto-connections signing key pair check".getBytes(UTF_8);

    private final ConnectionStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final LongSupplier ticker;
    private final String audience;
    private final long recheckNanos;

    // Guarded by this.
    private Map<String, ECPublicKey> verifying = Map.of();
    // Guarded by this: each row as last read and whether it was sound, so an unchanged row is neither checked nor
    // reported again (a re-encrypted or retired row is a different row).
    private Map<StoredSigningKey, Optional<ECPublicKey>> checked = Map.of();
    private boolean loaded;
    private long loadedAt;
    // Verifying an ES256 signature costs about a millisecond of CPU on JDK 17, most of a token call's own cost, and a
    // token is presented again and again: the SHA-256 digests of tokens whose signature verified, with the key that
    // verified them (least recently used dropped past the bound). A digest reveals nothing of the token. Only the
    // signature is remembered: expiry, audience, organization and the grant are checked on every use, and a retired
    // or damaged key leaves the verifying keys, so the tokens it verified are refused at once.
    private final Map<String, ECPublicKey> verifiedSignatures = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ECPublicKey> eldest) {
            return size() > VERIFIED_SIGNATURES;
        }
    };

    /**
     * @param clock the wall clock, for {@code iat}, {@code nbf} and {@code exp}
     * @param ticker nanoseconds of a monotonic source, for how long the keys read are trusted
     */
    GrantSigning(
            ConnectionStore store,
            SecretCipher cipher,
            Clock clock,
            LongSupplier ticker,
            String audience,
            Duration recheck) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.ticker = ticker;
        this.audience = audience;
        this.recheckNanos = recheck.toNanos();
    }

    /** A compact token for the grant: {@code jti} the grant's id, {@code exp} its expiry, {@code org} its organization. */
    Secret sign(Grant grant) {
        StoredSigningKey key = activeKey();
        ECPrivateKey privateKey = soundPrivateKey(key);
        try {
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
     * The claims of a token this SDK signed with a sound key that is not retired, for this audience, issued (and valid
     * from) no later than {@link #CLOCK_SKEW} after {@code now}, and not expired at {@code now}; empty for anything
     * else, whatever is wrong with it (the caller learns nothing of why).
     *
     * <p>When the keys are due to be read again, they are read with the grant the token names ({@code readWithKeys}),
     * so that the call reads the store once for both; the claims then carry the grant read.
     */
    Optional<Claims> verify(Secret token, Instant now, Function<String, GrantAndSigningKeys> readWithKeys) {
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
            // Not yet verified: the id only says which grant to read with the keys, if they are read.
            KeyLookup lookup =
                    verifyingKey(header.getKeyID(), jwt.getJWTClaimsSet().getJWTID(), readWithKeys);
            ECPublicKey key = lookup.key();
            if (key == null || !signatureVerifies(jwt, text, key)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            Object organization = claims.getClaim("org");
            if (claims.getJWTID() == null
                    || expires == null
                    || !now.isBefore(expires.toInstant())
                    || !validFrom(claims, now)
                    || claims.getAudience() == null
                    || !claims.getAudience().equals(List.of(audience))
                    || !(organization instanceof String organizationId)) {
                return Optional.empty();
            }
            return Optional.of(new Claims(
                    claims.getJWTID(), organizationId, expires.toInstant(), lookup.grantRead(), lookup.grant()));
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private boolean signatureVerifies(SignedJWT jwt, String text, ECPublicKey key) throws JOSEException {
        String digest = digest(text);
        synchronized (verifiedSignatures) {
            if (key.equals(verifiedSignatures.get(digest))) {
                return true;
            }
        }
        if (!jwt.verify(new ECDSAVerifier(key))) {
            return false;
        }
        synchronized (verifiedSignatures) {
            verifiedSignatures.put(digest, key);
        }
        return true;
    }

    private static String digest(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** {@code iat} present and, like {@code nbf} when there is one, not after {@code now} plus the allowed skew. */
    private static boolean validFrom(JWTClaimsSet claims, Instant now) {
        Instant latest = now.plus(CLOCK_SKEW);
        Date issued = claims.getIssueTime();
        if (issued == null || issued.toInstant().isAfter(latest)) {
            return false;
        }
        // The getter answers null for a claim that is not a date: present but unreadable is refused.
        Date notBefore = claims.getNotBeforeTime();
        if (claims.getClaim(JWTClaimNames.NOT_BEFORE) != null
                && (notBefore == null || notBefore.toInstant().isAfter(latest))) {
            return false;
        }
        return true;
    }

    /** A new key pair that signs from now on; the older ones keep verifying until retired. */
    synchronized String rotate() {
        String keyId = "gk-" + UUID.randomUUID();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder base64 = Base64.getEncoder();
            store.insertSigningKey(new StoredSigningKey(
                    keyId,
                    base64.encodeToString(pair.getPublic().getEncoded()),
                    Optional.of(encrypt(
                            keyId,
                            Secret.of(base64.encodeToString(pair.getPrivate().getEncoded())))),
                    createdAt(),
                    Optional.empty()));
        } catch (GeneralSecurityException e) {
            throw new ConnectionException(ErrorCategory.INTERNAL, "cannot generate a P-256 key pair", e);
        }
        loaded = false;
        return keyId;
    }

    private EncryptedSecret encrypt(String keyId, Secret privateKey) {
        String ciphertext = cipher.encrypt(CIPHER_SUBJECT, keyId, privateKey);
        return new EncryptedSecret(cipher.keyIdOf(ciphertext), ciphertext);
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

    /**
     * Retires a key and erases its private half: tokens it signed stop working here at once, on other instances within
     * the recheck interval, and nothing can sign with it again.
     */
    synchronized boolean retire(String keyId) {
        boolean retired = store.retireSigningKey(keyId, clock.instant().truncatedTo(ChronoUnit.MICROS));
        loaded = false;
        return retired;
    }

    /**
     * Re-encrypts under the key ring's primary key the private half of every key that is not retired and is under
     * another key; a private half that cannot be decrypted is skipped, logged and returned. A row changed meanwhile by
     * another instance (re-encrypted or retired) is left to that change.
     */
    synchronized List<ReencryptionReport.UnreadableSigningKey> reencrypt(String primaryKeyId) {
        List<ReencryptionReport.UnreadableSigningKey> unreadable = new ArrayList<>();
        for (StoredSigningKey key : store.signingKeys()) {
            if (key.retiredAt().isPresent()
                    || key.privateKey().isEmpty()
                    || key.privateKey().get().keyId().equals(primaryKeyId)) {
                continue;
            }
            EncryptedSecret under = key.privateKey().get();
            Secret privateKey;
            try {
                privateKey = cipher.decrypt(CIPHER_SUBJECT, key.keyId(), under.ciphertext());
            } catch (ConnectionException e) {
                LOG.warn("Skipped re-encrypting the private half of signing key {}: {}", key.keyId(), e.getMessage());
                unreadable.add(new ReencryptionReport.UnreadableSigningKey(key.keyId(), under.keyId()));
                continue;
            }
            store.replaceSigningKeyCiphertext(key, encrypt(key.keyId(), privateKey));
        }
        loaded = false;
        return unreadable;
    }

    /** How many keys that are not retired have their private half under another key than {@code primaryKeyId}. */
    long underOtherKeys(String primaryKeyId) {
        return store.signingKeys().stream()
                .filter(key -> key.retiredAt().isEmpty()
                        && key.privateKey().isPresent()
                        && !key.privateKey().get().keyId().equals(primaryKeyId))
                .count();
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

    private synchronized KeyLookup verifyingKey(
            String keyId, @Nullable String grantId, Function<String, GrantAndSigningKeys> readWithKeys) {
        long now = ticker.getAsLong();
        boolean stale = !loaded || now - loadedAt >= recheckNanos;
        boolean unknownMayBeNew =
                !verifying.containsKey(keyId) && (!loaded || now - loadedAt >= UNKNOWN_KEY_RELOAD_NANOS);
        boolean grantRead = false;
        Optional<Grant> grant = Optional.empty();
        if (stale || unknownMayBeNew) {
            List<StoredSigningKey> active;
            if (grantId != null) {
                GrantAndSigningKeys read = readWithKeys.apply(grantId);
                active = read.signingKeys();
                grant = read.grant();
                grantRead = true;
            } else {
                active = store.signingKeys();
            }
            Map<String, ECPublicKey> keys = new HashMap<>();
            Map<StoredSigningKey, Optional<ECPublicKey>> rows = new HashMap<>();
            for (StoredSigningKey key : active) {
                if (key.retiredAt().isPresent()) {
                    continue;
                }
                Optional<ECPublicKey> sound = checked.get(key);
                if (sound == null) {
                    sound = soundPublicKey(key);
                }
                rows.put(key, sound);
                sound.ifPresent(publicKey -> keys.put(key.keyId(), publicKey));
            }
            verifying = Map.copyOf(keys);
            checked = Map.copyOf(rows);
            loaded = true;
            loadedAt = now;
        }
        return new KeyLookup(verifying.get(keyId), grantRead, grant);
    }

    /** A token's key, if it verifies, and the grant when the keys were read with it. */
    private record KeyLookup(@Nullable ECPublicKey key, boolean grantRead, Optional<Grant> grant) {}

    /** The key's public half if the key is sound; otherwise empty, logged once per damaged row. */
    private Optional<ECPublicKey> soundPublicKey(StoredSigningKey key) {
        try {
            ECPublicKey publicKey = publicKey(key);
            checkPair(key, privateKey(key), publicKey);
            return Optional.of(publicKey);
        } catch (ConnectionException e) {
            LOG.error("Signing key {} is damaged and verifies no token: {}", key.keyId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The private half of a key to sign with, once checked to be sound; a damaged key fails signing. */
    private ECPrivateKey soundPrivateKey(StoredSigningKey key) {
        ECPrivateKey privateKey = privateKey(key);
        checkPair(key, privateKey, publicKey(key));
        return privateKey;
    }

    private static ECPublicKey publicKey(StoredSigningKey key) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKey())));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw damaged(key, "its public half does not parse", e);
        }
    }

    private ECPrivateKey privateKey(StoredSigningKey key) {
        EncryptedSecret stored = key.privateKey().orElseThrow(() -> damaged(key, "it has no private half", null));
        Secret encoded;
        try {
            encoded = cipher.decrypt(CIPHER_SUBJECT, key.keyId(), stored.ciphertext());
        } catch (ConnectionException e) {
            // The cipher's message names the key ring's key id and why, never bytes.
            throw damaged(key, "its private half cannot be decrypted: " + e.getMessage(), e);
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded.reveal())));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw damaged(key, "its private half does not parse", e);
        }
    }

    /** Signs a fixed text with the private half and verifies it with the public one: the row's halves are a pair. */
    private static void checkPair(StoredSigningKey key, ECPrivateKey privateKey, ECPublicKey publicKey) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(PAIR_CHECK);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(PAIR_CHECK);
            if (!verifier.verify(signature)) {
                throw damaged(key, "its public half is not the pair of its private half", null);
            }
        } catch (GeneralSecurityException e) {
            throw damaged(key, "its halves cannot be checked against each other", e);
        }
    }

    private static ConnectionException damaged(StoredSigningKey key, String reason, @Nullable Exception cause) {
        return new ConnectionException(
                ErrorCategory.INTERNAL,
                "signing key " + key.keyId() + " is damaged (" + reason + "); make a new one with"
                        + " rotateGrantSigningKey(), re-issue its grants' tokens with grantToken and retire it",
                cause);
    }

    /**
     * What a verified token says.
     *
     * @param grantRead whether the grant was read with the signing keys while verifying
     * @param grant the grant so read, when {@code grantRead}
     */
    record Claims(String grantId, String organizationId, Instant expiresAt, boolean grantRead, Optional<Grant> grant) {}
}
